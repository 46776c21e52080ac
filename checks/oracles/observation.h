// Read-only access to the harness's step frames, which come from inside the sandbox and may
// be malformed or forged: every accessor returns an empty value on a missing or mistyped field
// instead of throwing.
#pragma once

#include <string>
#include <span>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace pocsift {

using Frame = nlohmann::json;

std::string StringField(const Frame& object, std::string_view key);
double NumberField(const Frame& object, std::string_view key);
// A whole number at `key` (a line, a status) in [0, 2^31): anything else, a fraction, a huge
// or negative number a forged frame wrote, is 0.
int CountField(const Frame& object, std::string_view key);
// The array at `key`, or an empty array.
const Frame& ArrayField(const Frame& object, std::string_view key);
const Frame& ObjectField(const Frame& object, std::string_view key);

// The response's status (0 when absent) and its header values named `name` (any case).
int ResponseStatus(const Frame& step);
std::vector<std::string> HeaderValues(const Frame& step, std::string_view name);
// The captured (capped) response body text.
std::string BodyText(const Frame& step);

// The harness's words for whose code something is: "django", "poc", "stdlib", "third-party"
// or "pocsift".
bool IsHarnessOrigin(std::string_view word);
// A recorded frame's or log record's "origin" when it is one of the harness's words; anything
// else (absent, mistyped, or a word a forged frame made up) is "unknown", so no other word
// reaches a hit's attributed_to.
std::string OriginOf(const Frame& object);

// Who performed an effect, from its stack (innermost first): the origin ("django", "poc",
// "third-party", …) of the innermost frame that is neither the standard library's nor in a
// file under `skip_prefix` (e.g. "django/db/backends/", the cursor wrapper every query passes
// through). A PoC that calls cursor.execute() itself is "poc"; an ORM query is "django".
std::string AttributedOrigin(const Frame& frames, std::string_view skip_prefix = "");

// The step's response provenance (fixtures/harness/recorders.py, ResponseProvenance):
// {"markup": {frames, template}|null, "content": {frames}|null, "locations": [{value, frames}]}.
// Read from the step's "provenance", or from its body description where the harness's WSGI
// client puts it; an empty object when neither has one.
const Frame& ResponseProvenanceOf(const Frame& step);

// The frame that performed an effect: the innermost of `frames` (innermost first) that is
// neither the standard library's nor pocsift's, nor in a file starting with one of
// `pass_through` (Django code that only carries what it was given, such as
// "django/http/response.py" for a response's content); nullptr when there is none.
const Frame* PerformingFrame(const Frame& frames,
                             std::span<const std::string_view> pass_through);

// {file, line, function, origin} of a recorded frame, or null.
nlohmann::ordered_json FrameJson(const Frame* frame);

}  // namespace pocsift
