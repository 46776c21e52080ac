// unsanitized-input, static side: a table of views (real Python, parsed by CPython's ast), each
// with the sink it must report or none. Documented-safe APIs must never fail.
#include <gtest/gtest.h>

#include "checks/code/unsanitized_input_rule.h"
#include "tests/checks/code_fixture.h"

namespace pocsift {
namespace {

struct Case {
  const char* name;
  const char* views;
  const char* sink;  // nullptr: the rule passes
};

const Case kCases[] = {
    {"ExtraSelectFromGet",
     "from .models import Item\n"
     "def v(request):\n"
     "    query = request.GET.get('q')\n"
     "    return Item.objects.extra(select={'id': query})\n",
     "queryset-extra"},
    {"ExtraSelectAliasKeyIsDjangosJob",
     "from .models import Item\n"
     "def v(request):\n"
     "    return Item.objects.extra(select={request.GET['a']: '1'})\n",
     nullptr},
    {"SendMailRawAddress",
     "from django.core.mail import send_mail\n"
     "def v(request):\n"
     "    send_mail('s', 'b', 'f@example.org', [request.GET['to']])\n",
     "send-mail-address"},
    {"SendMailThroughBoundForm",
     "from django import forms\n"
     "from django.core.mail import send_mail\n"
     "class F(forms.Form):\n"
     "    to = forms.EmailField()\n"
     "def v(request):\n"
     "    form = F(request.POST)\n"
     "    if form.is_valid():\n"
     "        send_mail('s', 'b', 'f@example.org', [form.cleaned_data['to']])\n",
     nullptr},
    {"SendMailCleanedDataWithoutIsValid",
     "from django import forms\n"
     "from django.core.mail import send_mail\n"
     "class F(forms.Form):\n"
     "    to = forms.EmailField()\n"
     "def v(request):\n"
     "    form = F(request.POST)\n"
     "    send_mail('s', 'b', 'f@example.org', [form.cleaned_data['to']])\n",
     "send-mail-address"},
    {"FilterWithGetDict",
     "from .models import Item\n"
     "def v(request):\n"
     "    return Item.objects.filter(**request.GET.dict())\n",
     nullptr},
    {"AnnotateWithUserDict",
     "from django.db.models import Count\n"
     "from .models import Item\n"
     "def v(request):\n"
     "    user_dict = {request.GET['alias']: Count('id')}\n"
     "    return Item.objects.annotate(**user_dict)\n",
     nullptr},
    {"QWithGetDict",
     "from django.db.models import Q\n"
     "from .models import Item\n"
     "def v(request):\n"
     "    return Item.objects.filter(Q(**request.GET.dict()))\n",
     nullptr},
    {"RawSqlPercentFormatting",
     "from django.db.models.expressions import RawSQL\n"
     "from .models import Item\n"
     "def v(request):\n"
     "    return Item.objects.annotate(x=RawSQL('SELECT %s' % request.GET['c'], []))\n",
     "raw-sql-expression"},
    {"RawSqlWithParams",
     "from django.db.models.expressions import RawSQL\n"
     "from .models import Item\n"
     "def v(request):\n"
     "    return Item.objects.annotate(x=RawSQL('SELECT %s', [request.GET['c']]))\n",
     nullptr},
    {"CursorExecuteFString",
     "from django.db import connection\n"
     "def v(request, pk):\n"
     "    with connection.cursor() as c:\n"
     "        c.execute(f'SELECT * FROM t WHERE id = {pk}')\n",
     "cursor-execute"},
    {"CursorExecuteIntConversion",
     "from django.db import connection\n"
     "def v(request, pk):\n"
     "    pk = int(pk)\n"
     "    with connection.cursor() as c:\n"
     "        c.execute('SELECT * FROM t WHERE id = %d' % pk)\n",
     nullptr},
    {"ManagerRawFormat",
     "from .models import Item\n"
     "def v(request):\n"
     "    return Item.objects.raw('SELECT * FROM t WHERE n = {}'.format(request.GET['n']))\n",
     "manager-raw"},
    {"MarkSafeThroughHelper",
     "from django.utils.safestring import mark_safe\n"
     "def wrap(text):\n"
     "    return mark_safe('<b>' + text + '</b>')\n"
     "def v(request):\n"
     "    return wrap(request.GET['t'])\n",
     "mark-safe"},
    {"MarkSafeAfterEscape",
     "from django.utils.html import escape\n"
     "from django.utils.safestring import mark_safe\n"
     "def v(request):\n"
     "    return mark_safe('<b>' + escape(request.GET['t']) + '</b>')\n",
     nullptr},
    {"FormatHtmlArgumentsAreEscaped",
     "from django.utils.html import format_html\n"
     "def v(request):\n"
     "    return format_html('<b>{}</b>', request.GET['t'])\n",
     nullptr},
    {"RedirectRaw",
     "from django.shortcuts import redirect\n"
     "def v(request):\n"
     "    return redirect(request.GET['next'])\n",
     "redirect-target"},
    {"RedirectValidated",
     "from django.shortcuts import redirect\n"
     "from django.utils.http import url_has_allowed_host_and_scheme\n"
     "def v(request):\n"
     "    url = request.GET['next']\n"
     "    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):\n"
     "        url = '/'\n"
     "    return redirect(url)\n",
     nullptr},
    {"HttpResponseHtml",
     "from django.http import HttpResponse\n"
     "def v(request):\n"
     "    return HttpResponse('<p>' + request.GET['q'])\n",
     "http-response-content"},
    {"HttpResponsePlainText",
     "from django.http import HttpResponse\n"
     "def v(request):\n"
     "    return HttpResponse(request.GET['q'], content_type='text/plain')\n",
     nullptr},
    {"TemplateFromRequestSource",
     "from django.template import Template, Context\n"
     "def v(request):\n"
     "    return Template(request.POST['tpl']).render(Context({}))\n",
     "template-from-source"},
    {"SubprocessShell",
     "import subprocess\n"
     "def v(request):\n"
     "    subprocess.run('ping ' + request.GET['h'], shell=True)\n",
     "os-command"},
    {"ClassBasedViewKwargs",
     "from django.views import View\n"
     "from django.db import connection\n"
     "class V(View):\n"
     "    def get(self, request, *args, **kwargs):\n"
     "        connection.cursor().execute('SELECT %s' % self.kwargs['pk'])\n",
     "cursor-execute"},
    {"UrlCaptureIntoOrmIsSafe",
     "from .models import Item\n"
     "def v(request, slug):\n"
     "    return Item.objects.get(name=slug)\n",
     nullptr},
    {"NoRequestNoFlow",
     "from django.db import connection\n"
     "def helper(sql):\n"
     "    connection.cursor().execute(sql)\n",
     nullptr},
};

class UnsanitizedInputTable : public ::testing::TestWithParam<Case> {};

TEST_P(UnsanitizedInputTable, ReportsExactlyTheDocumentedUnsafeFlow) {
  const Case& c = GetParam();
  const CodeAnalysis code = testing::ParseForTest({{"pocapp/views.py", c.views}});
  Bundle bundle;
  CheckContext context = MakeCheckContext(bundle, Policy().limits);
  context.code = &code;
  const auto findings = UnsanitizedInputRule().Check(context);
  ASSERT_EQ(findings.size(), 1u);
  if (c.sink == nullptr) {
    EXPECT_EQ(findings[0].outcome, Outcome::kPass) << findings[0].message;
    return;
  }
  ASSERT_EQ(findings[0].outcome, Outcome::kFail);
  EXPECT_EQ(findings[0].evidence["flows"][0]["sink"], c.sink) << findings[0].message;
  EXPECT_FALSE(findings[0].evidence["flows"][0]["documentation"].get<std::string>().empty());
  EXPECT_FALSE(findings[0].locations.empty());
}

INSTANTIATE_TEST_SUITE_P(Views, UnsanitizedInputTable, ::testing::ValuesIn(kCases),
                         [](const auto& test) { return std::string(test.param.name); });

TEST(UnsanitizedInputRule, SkipsWhenTheCodeWasNotAnalysed) {
  Bundle bundle;
  CodeAnalysis code;
  code.not_run_reason = "no runtime";
  CheckContext context = MakeCheckContext(bundle, Policy().limits);
  context.code = &code;
  const auto findings = UnsanitizedInputRule().Check(context);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].outcome, Outcome::kSkip);
}

TEST(UnsanitizedInputRule, TemplateSafeFilterOnRequestDataFails) {
  CodeAnalysis code = testing::ParseForTest(
      {{"pocapp/views.py",
        "from django.shortcuts import render\n"
        "def v(request):\n"
        "    return render(request, 'pocapp/t.html', {'name': request.GET['n'], 'n': 1})\n"}});
  for (const char* filters : {"[\"safe\"]", "[\"title\"]"}) {
    code.templates = {{"pocapp/templates/pocapp/t.html", 20,
                       nlohmann::json::parse(std::string("[{\"k\":\"var\",\"l\":2,\"var\":\"name\",\"filters\":") +
                                             filters + "}]")}};
    Bundle bundle;
    CheckContext context = MakeCheckContext(bundle, Policy().limits);
    context.code = &code;
    const auto findings = UnsanitizedInputRule().Check(context);
    EXPECT_EQ(findings[0].outcome, std::string(filters) == "[\"safe\"]" ? Outcome::kFail : Outcome::kPass)
        << filters;
  }
}

TEST(UnsanitizedInputRule, CsrfExemptViewFailsOnlyACsrfClaim) {
  const CodeAnalysis code = testing::ParseForTest(
      {{"pocapp/views.py",
        "from django.views.decorators.csrf import csrf_exempt\n"
        "@csrf_exempt\n"
        "def v(request):\n"
        "    return None\n"}});
  for (const char* category : {"csrf", "xss"}) {
    Bundle bundle;
    bundle.manifest.claim.category = category;
    CheckContext context = MakeCheckContext(bundle, Policy().limits);
    context.code = &code;
    const auto findings = UnsanitizedInputRule().Check(context);
    EXPECT_EQ(findings[0].outcome, std::string(category) == "csrf" ? Outcome::kFail : Outcome::kPass);
  }
}

}  // namespace
}  // namespace pocsift
