"""The reporter page end to end in headless Debian Chromium (python3-selenium, chromium-driver):
upload a bundle archive with a submit token, watch the progress, read the verdict; then open
the case link afresh, and a wrong link. Saves screenshots into the output folder.

Usage: browser_test.py <pocsift binary> <output folder>"""

import shutil
import sys
import tempfile
import unittest
from pathlib import Path

from serve_support import Server, bundle_archive

BINARY = None
OUTPUT = None


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="pocsift-chromium-")
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 f"--user-data-dir={profile}", "--window-size=1100,1200"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    return driver, profile


@unittest.skipUnless(Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists(),
                     "needs Debian's chromium and chromium-driver (scripts/packages/serve.txt)")
class ReporterPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(BINARY).start()
        cls.driver, cls.profile = chromium()
        cls.driver.set_page_load_timeout(30)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        shutil.rmtree(cls.profile, ignore_errors=True)
        cls.server.close()

    def wait(self, condition, timeout=60):
        from selenium.webdriver.support.ui import WebDriverWait
        return WebDriverWait(self.driver, timeout).until(condition)

    def visible(self, element_id):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC
        return self.wait(EC.visibility_of_element_located((By.ID, element_id)))

    def test_upload_to_verdict(self):
        from selenium.webdriver.common.by import By

        archive = OUTPUT / "url-over-8k.tar.gz"
        archive.write_bytes(bundle_archive("url-over-8k", variant="browser"))
        base = f"http://127.0.0.1:{self.server.port}"
        self.driver.get(base + "/")
        self.assertIn("pocsift", self.driver.title)
        self.driver.find_element(By.ID, "token").send_keys(self.server.tokens["intake"])
        self.driver.find_element(By.ID, "bundle").send_keys(str(archive))
        self.driver.find_element(By.ID, "submit").click()

        self.visible("verdict")
        decision = self.driver.find_element(By.ID, "decision").text
        self.assertIn("Not eligible", decision)
        self.assertEqual(self.driver.find_element(By.ID, "status").text, "Done.")
        rules = self.driver.find_element(By.ID, "failed-rules").text
        self.assertIn("url-over-8k", rules)
        self.assertIn("How to fix: Reproduce with a request target under 8,192 bytes", rules)
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#affected tbody tr")
        self.assertGreater(len(rows), 0)
        link = self.driver.current_url
        self.assertRegex(link, r"#case=s-[0-9a-f]{24}&key=[0-9a-f]{64}$")
        self.driver.save_screenshot(str(OUTPUT / "reporter-page-verdict.png"))

        # The link alone (no token anywhere in this browser's storage) reopens the case.
        self.driver.delete_all_cookies()
        self.driver.get("about:blank")
        self.driver.get(link)
        self.visible("verdict")
        self.assertIn("Not eligible", self.driver.find_element(By.ID, "decision").text)

        # A link with a wrong key opens nothing.
        self.driver.get(link[: link.index("key=") + 4] + "0" * 64)
        error = self.visible("case-error")
        self.assertIn("does not open any case", error.text)
        self.assertFalse(self.driver.find_element(By.ID, "verdict").is_displayed(),
                         "the previous case's verdict must not stay on screen")
        self.driver.save_screenshot(str(OUTPUT / "reporter-page-wrong-link.png"))

    def test_wrong_token_is_explained(self):
        from selenium.webdriver.common.by import By

        archive = OUTPUT / "url-over-8k-2.tar.gz"
        archive.write_bytes(bundle_archive("url-over-8k", variant="browser-2"))
        self.driver.get(f"http://127.0.0.1:{self.server.port}/")
        self.driver.find_element(By.ID, "token").send_keys("not-a-token")
        self.driver.find_element(By.ID, "bundle").send_keys(str(archive))
        self.driver.find_element(By.ID, "submit").click()
        self.assertIn("the token is not valid", self.visible("upload-error").text)


if __name__ == "__main__":
    BINARY = sys.argv[1]
    OUTPUT = Path(sys.argv[2])
    OUTPUT.mkdir(parents=True, exist_ok=True)
    suite = unittest.TestLoader().loadTestsFromTestCase(ReporterPage)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
