// FrameDecoder against every way a hostile run can misuse the channel.
#include "sandbox/channel.h"

#include <gtest/gtest.h>

#include <string>

namespace pocsift::sandbox {
namespace {

std::string Header(std::uint32_t n) {
  return {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
          static_cast<char>(n)};
}

constexpr FrameLimits kLimits{.max_frame_bytes = 64, .max_total_bytes = 256, .max_frames = 3};

struct Case {
  const char* name;
  std::string input;
  bool ok;                   // Feed and Finish both succeed
  std::size_t frames;        // decoded before the first error
  const char* reason_part;   // in the error message when !ok
};

class FrameDecoderTest : public testing::TestWithParam<Case> {};

TEST_P(FrameDecoderTest, DecodesOrNamesTheViolation) {
  const Case& c = GetParam();
  FrameDecoder decoder(kLimits);
  Status fed = decoder.Feed(c.input);
  Status finished = fed ? decoder.Finish() : fed;
  EXPECT_EQ(static_cast<bool>(finished), c.ok) << (finished ? "" : finished.error().message);
  EXPECT_EQ(decoder.frames().size(), c.frames);
  if (!c.ok) {
    EXPECT_EQ(finished.error().kind, ErrorKind::kBadInput);
    EXPECT_NE(finished.error().message.find(c.reason_part), std::string::npos)
        << finished.error().message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Channel, FrameDecoderTest,
    testing::Values(
        Case{"TwoFrames", EncodeFrame({{"a", 1}}) + EncodeFrame({1, 2}), true, 2, ""},
        Case{"Empty", "", true, 0, ""},
        Case{"Garbage", "hello world, not frames\n", false, 0, "not a frame stream"},
        Case{"Malformed", Header(9) + "{not json", false, 0, "malformed frame 0"},
        Case{"Oversized", Header(65) + std::string(65, 'x'), false, 0, "oversized frame 0"},
        Case{"TruncatedBody", Header(10) + "{\"a\"", false, 0, "truncated frame 0"},
        Case{"TruncatedHeader", EncodeFrame(1) + std::string("\0\0", 2), false, 1,
             "truncated frame 1"},
        Case{"TooManyFrames", EncodeFrame(1) + EncodeFrame(2) + EncodeFrame(3) + EncodeFrame(4),
             false, 3, "too many frames"},
        Case{"Flood", std::string(300, '\0'), false, 0, "output flood"}),
    [](const testing::TestParamInfo<Case>& param) { return param.param.name; });

TEST(FrameDecoder, AcceptsFramesSplitAcrossReads) {
  const std::string bytes = EncodeFrame({{"split", "across"}}) + EncodeFrame(true);
  FrameDecoder decoder(kLimits);
  for (char c : bytes) ASSERT_TRUE(decoder.Feed(std::string_view(&c, 1)));
  ASSERT_TRUE(decoder.Finish());
  ASSERT_EQ(decoder.frames().size(), 2u);
  EXPECT_EQ(decoder.frames()[0]["split"], "across");
}

TEST(FrameDecoder, ErrorIsStickyAndDecodesNothingMore) {
  FrameDecoder decoder(kLimits);
  EXPECT_FALSE(decoder.Feed(Header(5) + "xxxxx"));
  EXPECT_FALSE(decoder.Feed(EncodeFrame(1)));
  EXPECT_TRUE(decoder.frames().empty());
}

TEST(EncodeFrame, ReplacesInvalidUtf8InsteadOfThrowing) {
  const std::string frame = EncodeFrame(std::string("\xff\xfe"));
  FrameDecoder decoder(kLimits);
  ASSERT_TRUE(decoder.Feed(frame));
  ASSERT_EQ(decoder.frames().size(), 1u);
}

}  // namespace
}  // namespace pocsift::sandbox
