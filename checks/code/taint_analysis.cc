#include "checks/code/taint_analysis.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "checks/code/python_ast.h"

namespace pocsift {
namespace {

constexpr int kMaxCallDepth = 4;
constexpr int kMaxClassDepth = 8;

struct Taint {
  bool values = false;  // the data itself (or a container's values) is request data
  bool keys = false;    // a mapping's keys are request data
  std::string source;
  Location at;

  bool any() const { return values || keys; }
};

enum class Kind {
  kNone,
  kRequest,    // an HttpRequest
  kSelfView,   // `self` in a class-based view
  kModelClass,
  kQuerySet,   // a manager or queryset
  kBoundForm,  // a form bound to data, not validated
  kValidForm,  // a bound form after is_valid()
  kFunction,   // a PoC function (name holds its qualified name)
  kClass,      // a PoC class that is neither model nor form
};

struct Value {
  Taint taint;
  Kind kind = Kind::kNone;
  std::string name;                       // a static name: module, class, function
  std::set<std::string> tainted_fields;   // constant keys of a dict whose values are tainted
  std::string template_name;              // for get_template("x") results
};

void Join(Taint& into, const Taint& other) {
  if (!into.any() && other.any()) {
    into.source = other.source;
    into.at = other.at;
  }
  into.values = into.values || other.values;
  into.keys = into.keys || other.keys;
}

Value Tainted(std::string source, Location at) {
  Value v;
  v.taint = {true, true, std::move(source), std::move(at)};
  return v;
}

struct FunctionInfo {
  const AstNode* node = nullptr;
  std::string qualified;
  std::string module;
  std::string file;
  std::string class_qualified;  // for methods
};

struct ClassInfo {
  const AstNode* node = nullptr;
  std::string qualified;
  std::string module;
  std::vector<std::string> bases;  // qualified
};

struct Frame {
  std::map<std::string, Value> env;
  Value returned;
  std::string module;
  std::string file;
};

class Analyzer {
 public:
  Analyzer(const CodeAnalysis& code, const TaintCatalogue& catalogue)
      : code_(code), cat_(catalogue) {}

  TaintReport Run() {
    Index();
    for (const auto& module : code_.modules) {
      if (module.ast.is_null()) continue;
      const std::string name = ModuleNameOf(module.file);
      Frame frame{{}, {}, name, module.file};
      Block(AstList(module.ast, "body"), frame);
      globals_[name] = frame.env;
    }
    for (const auto& [qualified, fn] : functions_) AnalyzeEntryPoint(fn);
    CheckTemplates();
    return std::move(report_);
  }

 private:
  // ---- indexing --------------------------------------------------------------------------
  void Index() {
    for (const auto& module : code_.modules) {
      if (module.ast.is_null()) continue;
      const std::string name = ModuleNameOf(module.file);
      imports_[name] = BuildImportTable(module.ast, name);
      for (const auto& stmt : AstList(module.ast, "body")) {
        const auto type = NodeType(stmt);
        if (type == "FunctionDef" || type == "AsyncFunctionDef") {
          const std::string q = name + "." + AstString(stmt, "name");
          functions_[q] = {&stmt, q, name, module.file, ""};
        } else if (type == "ClassDef") {
          const std::string q = name + "." + AstString(stmt, "name");
          ClassInfo info{&stmt, q, name, {}};
          for (const auto& base : AstList(stmt, "bases"))
            info.bases.push_back(Qualify(base, name));
          classes_[q] = info;
          for (const auto& member : AstList(stmt, "body")) {
            const auto mtype = NodeType(member);
            if (mtype != "FunctionDef" && mtype != "AsyncFunctionDef") continue;
            const std::string mq = q + "." + AstString(member, "name");
            functions_[mq] = {&member, mq, name, module.file, q};
          }
        }
      }
    }
  }

  std::string Qualify(const AstNode& expr, const std::string& module) const {
    const auto found = imports_.find(module);
    static const ImportTable kNone;
    const std::string q = QualifiedName(expr, found == imports_.end() ? kNone : found->second);
    if (q.empty()) return q;
    const std::string local = module + "." + q;
    if (classes_.contains(local) || functions_.contains(local)) return local;
    return q;
  }

  // Does `qualified` (a class) derive from a base for which `test` holds?
  template <class Test>
  bool Derives(const std::string& qualified, Test test, int depth = 0) const {
    if (test(qualified)) return true;
    if (depth > kMaxClassDepth) return false;
    const auto found = classes_.find(qualified);
    if (found == classes_.end()) return false;
    return std::any_of(found->second.bases.begin(), found->second.bases.end(),
                       [&](const std::string& b) { return Derives(b, test, depth + 1); });
  }

  bool IsModel(const std::string& q) const {
    return Derives(q, [](const std::string& b) {
      return b.starts_with("django.") && (b.ends_with("Model") || b.ends_with("User"));
    });
  }
  bool IsForm(const std::string& q) const {
    return Derives(q, [&](const std::string& b) {
      return cat_.form_bases.contains(b) || (b.starts_with("django.") && b.ends_with("Form"));
    });
  }
  bool IsView(const std::string& q) const {
    return Derives(q, [](const std::string& b) {
      return (b.starts_with("django.views") || b.starts_with("django.contrib.")) &&
             (b.ends_with("View") || b.ends_with("Mixin"));
    });
  }

  Value StaticValue(const std::string& q) const {
    Value v;
    v.name = q;
    if (classes_.contains(q)) {
      v.kind = IsModel(q) ? Kind::kModelClass : Kind::kClass;
    } else if (functions_.contains(q)) {
      v.kind = Kind::kFunction;
    }
    return v;
  }

  // ---- entry points ----------------------------------------------------------------------
  void AnalyzeEntryPoint(const FunctionInfo& fn) {
    const AstNode* args = AstField(*fn.node, "args");
    if (args == nullptr) return;
    std::vector<std::string> params;
    for (const char* field : {"posonlyargs", "args"})
      for (const auto& a : AstList(*args, field)) params.push_back(AstString(a, "arg"));
    const bool view_class = !fn.class_qualified.empty() && IsView(fn.class_qualified);
    const auto request_at = std::find_if(params.begin(), params.end(), [&](const std::string& p) {
      return cat_.request_names.contains(p);
    });
    const bool has_request = request_at != params.end();
    if (!has_request && !view_class) return;
    ++report_.entry_points;
    Frame frame{{}, {}, fn.module, fn.file};
    const Location at{fn.file, NodeLine(*fn.node)};
    bool after_request = false;
    for (std::size_t i = 0; i < params.size(); ++i) {
      const std::string& p = params[i];
      if (i == 0 && !fn.class_qualified.empty()) {
        frame.env[p].kind = view_class ? Kind::kSelfView : Kind::kNone;
        continue;
      }
      if (cat_.request_names.contains(p)) {
        frame.env[p].kind = Kind::kRequest;
        after_request = true;
      } else if (p == "form" && view_class) {
        frame.env[p].kind = Kind::kValidForm;  // form_valid(self, form): validated by Django
      } else if (after_request) {
        frame.env[p] = Tainted("URL capture " + p, at);
      }
    }
    for (const char* field : {"vararg", "kwarg"}) {
      const AstNode* extra = AstField(*args, field);
      if (extra != nullptr && extra->is_object() && (after_request || view_class))
        frame.env[AstString(*extra, "arg")] = Tainted("URL captures", at);
    }
    Block(AstList(*fn.node, "body"), frame);
  }

  Value CallPoc(const FunctionInfo& fn, const std::vector<Value>& args,
                const std::vector<std::pair<std::string, Value>>& keywords,
                const std::optional<Value>& self) {
    Value conservative;
    for (const auto& a : args) Join(conservative.taint, a.taint);
    for (const auto& [k, v] : keywords) Join(conservative.taint, v.taint);
    if (depth_ >= kMaxCallDepth) return conservative;
    std::string key = fn.qualified + "|";
    for (const auto& a : args) key += a.taint.any() ? "T" : std::to_string(static_cast<int>(a.kind));
    for (const auto& [k, v] : keywords) key += k + (v.taint.any() ? "T" : "c");
    if (const auto found = memo_.find(key); found != memo_.end()) return found->second;
    memo_[key] = conservative;  // recursion guard
    const AstNode* params_node = AstField(*fn.node, "args");
    Frame frame{{}, {}, fn.module, fn.file};
    std::vector<std::string> params;
    if (params_node != nullptr)
      for (const char* field : {"posonlyargs", "args"})
        for (const auto& a : AstList(*params_node, field)) params.push_back(AstString(a, "arg"));
    std::size_t next = 0;
    if (self && !params.empty()) frame.env[params[next++]] = *self;
    Value rest;
    for (const auto& a : args) {
      if (next < params.size()) {
        frame.env[params[next++]] = a;
      } else {
        Join(rest.taint, a.taint);
      }
    }
    Value extra_kw;
    for (const auto& [k, v] : keywords) {
      if (k.empty() || std::find(params.begin(), params.end(), k) == params.end()) {
        Join(extra_kw.taint, v.taint);
        if (k.empty())  // **mapping: every named parameter may come from it
          for (std::size_t i = next; i < params.size(); ++i) Join(frame.env[params[i]].taint, v.taint);
      } else {
        frame.env[k] = v;
      }
    }
    if (params_node != nullptr) {
      for (const auto& a : AstList(*params_node, "kwonlyargs")) {
        const std::string name = AstString(a, "arg");
        for (const auto& [k, v] : keywords)
          if (k == name) frame.env[name] = v;
      }
      if (const AstNode* v = AstField(*params_node, "vararg"); v && v->is_object())
        frame.env[AstString(*v, "arg")] = rest;
      if (const AstNode* k = AstField(*params_node, "kwarg"); k && k->is_object())
        frame.env[AstString(*k, "arg")] = extra_kw;
    }
    ++depth_;
    Block(AstList(*fn.node, "body"), frame);
    --depth_;
    memo_[key] = frame.returned;
    return frame.returned;
  }

  // ---- statements ------------------------------------------------------------------------
  void Block(const AstNode& body, Frame& frame) {
    for (const auto& stmt : body) Statement(stmt, frame);
  }

  void Statement(const AstNode& stmt, Frame& frame) {
    const auto type = NodeType(stmt);
    if (type == "Assign") {
      const Value v = Eval(Child(stmt, "value"), frame);
      for (const auto& target : AstList(stmt, "targets")) Bind(target, v, frame);
    } else if (type == "AnnAssign") {
      const AstNode* value = AstField(stmt, "value");
      if (value != nullptr && value->is_object()) Bind(Child(stmt, "target"), Eval(*value, frame), frame);
    } else if (type == "AugAssign") {
      Value v = Eval(Child(stmt, "target"), frame);
      const Value add = Eval(Child(stmt, "value"), frame);
      Join(v.taint, add.taint);
      Bind(Child(stmt, "target"), v, frame);
    } else if (type == "Expr") {
      Eval(Child(stmt, "value"), frame);
    } else if (type == "Return") {
      const AstNode* value = AstField(stmt, "value");
      if (value != nullptr && value->is_object()) {
        const Value v = Eval(*value, frame);
        Join(frame.returned.taint, v.taint);
        if (frame.returned.kind == Kind::kNone) frame.returned.kind = v.kind;
        frame.returned.tainted_fields.insert(v.tainted_fields.begin(), v.tainted_fields.end());
      }
    } else if (type == "If" || type == "While") {
      Eval(Child(stmt, "test"), frame);
      Block(AstList(stmt, "body"), frame);
      Block(AstList(stmt, "orelse"), frame);
      if (type == "While") Block(AstList(stmt, "body"), frame);
    } else if (type == "For" || type == "AsyncFor") {
      const Value iter = Eval(Child(stmt, "iter"), frame);
      Value element;
      element.taint = iter.taint;
      element.taint.values = iter.taint.any();
      Bind(Child(stmt, "target"), element, frame);
      for (int pass = 0; pass < 2; ++pass) Block(AstList(stmt, "body"), frame);
      Block(AstList(stmt, "orelse"), frame);
    } else if (type == "With" || type == "AsyncWith") {
      for (const auto& item : AstList(stmt, "items")) {
        const Value v = Eval(Child(item, "context_expr"), frame);
        const AstNode* vars = AstField(item, "optional_vars");
        if (vars != nullptr && vars->is_object()) Bind(*vars, v, frame);
      }
      Block(AstList(stmt, "body"), frame);
    } else if (type == "Try" || type == "TryStar") {
      Block(AstList(stmt, "body"), frame);
      for (const auto& handler : AstList(stmt, "handlers")) Block(AstList(handler, "body"), frame);
      Block(AstList(stmt, "orelse"), frame);
      Block(AstList(stmt, "finalbody"), frame);
    } else if (type == "Match") {
      Eval(Child(stmt, "subject"), frame);
      for (const auto& c : AstList(stmt, "cases")) Block(AstList(c, "body"), frame);
    } else if (type == "FunctionDef" || type == "AsyncFunctionDef") {
      for (const auto& d : AstList(stmt, "decorator_list")) NoteDecorator(d, stmt, frame);
    } else if (type == "ClassDef" || type == "Import" || type == "ImportFrom") {
      // Indexed up front (classes, imports); nothing flows here.
    }
  }

  void NoteDecorator(const AstNode& decorator, const AstNode& fn, const Frame& frame) {
    const AstNode& target = NodeType(decorator) == "Call" ? Child(decorator, "func") : decorator;
    if (Qualify(target, frame.module) == "django.views.decorators.csrf.csrf_exempt")
      report_.csrf_exempt.push_back({frame.file, NodeLine(fn)});
  }

  void Bind(const AstNode& target, const Value& v, Frame& frame) {
    const auto type = NodeType(target);
    if (type == "Name") {
      frame.env[AstString(target, "id")] = v;
    } else if (type == "Tuple" || type == "List") {
      Value element;
      element.taint = v.taint;
      element.taint.values = v.taint.any();
      for (const auto& elt : AstList(target, "elts"))
        Bind(NodeType(elt) == "Starred" ? Child(elt, "value") : elt, element, frame);
    } else if (type == "Starred") {
      Bind(Child(target, "value"), v, frame);
    } else if (type == "Attribute") {
      const AstNode& base = Child(target, "value");
      if (NodeType(base) == "Name") {
        const std::string name = AstString(base, "id");
        const auto self = frame.env.find(name);
        if (self != frame.env.end() && self->second.kind == Kind::kSelfView) {
          frame.env[name + "." + AstString(target, "attr")] = v;
        } else if (v.taint.any()) {
          Join(frame.env[name].taint, v.taint);
        }
      }
    } else if (type == "Subscript") {
      const AstNode& base = Child(target, "value");
      const Value key = Eval(Child(target, "slice"), frame);
      if (NodeType(base) == "Name") {
        Value& container = frame.env[AstString(base, "id")];
        if (v.taint.any()) {
          container.taint.values = true;
          if (container.taint.source.empty()) {
            container.taint.source = v.taint.source;
            container.taint.at = v.taint.at;
          }
          if (const std::string* k = ConstantString(Child(target, "slice"))) container.tainted_fields.insert(*k);
        }
        if (key.taint.any()) {
          container.taint.keys = true;
          if (container.taint.source.empty()) {
            container.taint.source = key.taint.source;
            container.taint.at = key.taint.at;
          }
        }
      }
    }
  }

  static const AstNode& Child(const AstNode& node, std::string_view name) {
    static const AstNode kNull;
    const AstNode* child = AstField(node, name);
    return child == nullptr ? kNull : *child;
  }

  // ---- expressions -----------------------------------------------------------------------
  Value Lookup(const std::string& name, const Frame& frame) const {
    if (const auto found = frame.env.find(name); found != frame.env.end()) return found->second;
    if (const auto globals = globals_.find(frame.module); globals != globals_.end())
      if (const auto found = globals->second.find(name); found != globals->second.end())
        return found->second;
    const std::string local = frame.module + "." + name;
    if (classes_.contains(local) || functions_.contains(local)) return StaticValue(local);
    if (const auto imports = imports_.find(frame.module); imports != imports_.end())
      if (const auto found = imports->second.find(name); found != imports->second.end())
        return StaticValue(found->second);
    Value v;
    v.name = name;
    return v;
  }

  Value Eval(const AstNode& node, Frame& frame) {
    const auto type = NodeType(node);
    const Location at{frame.file, NodeLine(node)};
    if (type == "Name") return Lookup(AstString(node, "id"), frame);
    if (type == "Constant" || type.empty() || type == "Lambda") return {};
    if (type == "Attribute") return EvalAttribute(node, frame, at);
    if (type == "Call") return EvalCall(node, frame, at);
    if (type == "Subscript") {
      const Value base = Eval(Child(node, "value"), frame);
      Eval(Child(node, "slice"), frame);
      Value v;
      if (const std::string* key = ConstantString(Child(node, "slice"));
          key != nullptr && !base.tainted_fields.empty() && !base.taint.values) {
        if (base.tainted_fields.contains(*key)) v.taint = base.taint;
        v.taint.keys = false;
        return v;
      }
      v.taint = base.taint;
      v.taint.values = base.taint.any();
      return v;
    }
    if (type == "Dict") {
      Value v;
      const auto& keys = AstList(node, "keys");
      const auto& values = AstList(node, "values");
      for (std::size_t i = 0; i < values.size(); ++i) {
        const Value value = Eval(values[i], frame);
        const AstNode* key = i < keys.size() ? &keys[i] : nullptr;
        if (key == nullptr || key->is_null()) {  // **mapping
          Join(v.taint, value.taint);
          continue;
        }
        const Value k = Eval(*key, frame);
        if (k.taint.any()) {
          const bool had = v.taint.any();
          v.taint.keys = true;
          if (!had) v.taint.source = k.taint.source, v.taint.at = k.taint.at;
        }
        if (value.taint.any()) {
          const bool had = v.taint.any();
          v.taint.values = true;
          if (!had) v.taint.source = value.taint.source, v.taint.at = value.taint.at;
          if (const std::string* name = ConstantString(*key)) v.tainted_fields.insert(*name);
        }
      }
      return v;
    }
    if (type == "ListComp" || type == "SetComp" || type == "GeneratorExp" || type == "DictComp") {
      Value v;
      for (const auto& gen : AstList(node, "generators")) {
        const Value iter = Eval(Child(gen, "iter"), frame);
        Value element;
        element.taint = iter.taint;
        element.taint.values = iter.taint.any();
        Bind(Child(gen, "target"), element, frame);
        for (const auto& cond : AstList(gen, "ifs")) Eval(cond, frame);
      }
      for (const char* field : {"elt", "key", "value"}) {
        const AstNode* part = AstField(node, field);
        if (part != nullptr && part->is_object()) {
          const Value e = Eval(*part, frame);
          Join(v.taint, e.taint);
        }
      }
      return v;
    }
    if (type == "Compare") {
      Eval(Child(node, "left"), frame);
      for (const auto& c : AstList(node, "comparators")) Eval(c, frame);
      return {};
    }
    if (type == "UnaryOp") {
      const Value v = Eval(Child(node, "operand"), frame);
      return NodeType(Child(node, "op")) == "Not" ? Value{} : v;
    }
    if (type == "NamedExpr") {
      const Value v = Eval(Child(node, "value"), frame);
      Bind(Child(node, "target"), v, frame);
      return v;
    }
    // Everything else: the union of its child expressions (BinOp: %, +; JoinedStr; lists…).
    Value v;
    for (const auto& [key, child] : node.items()) {
      if (key == "_t" || key == "l") continue;
      if (child.is_object()) {
        Join(v.taint, Eval(child, frame).taint);
      } else if (child.is_array()) {
        for (const auto& item : child)
          if (item.is_object()) Join(v.taint, Eval(item, frame).taint);
      }
    }
    if (v.taint.any()) v.taint.values = true;
    return v;
  }

  Value EvalAttribute(const AstNode& node, Frame& frame, const Location& at) {
    const std::string attr = AstString(node, "attr");
    const Value base = Eval(Child(node, "value"), frame);
    switch (base.kind) {
      case Kind::kRequest:
        if (cat_.request_attributes.contains(attr) || cat_.request_methods.contains(attr))
          return Tainted("request." + attr, at);
        return {};
      case Kind::kSelfView: {
        if (attr == "request") return Value{{}, Kind::kRequest, "", {}, ""};
        if (cat_.view_tainted_self_attributes.contains(attr)) return Tainted("self." + attr, at);
        const std::string self_name = DottedName(Child(node, "value"));
        if (const auto found = frame.env.find(self_name + "." + attr); found != frame.env.end())
          return found->second;
        return {};
      }
      case Kind::kValidForm:
        if (attr == "cleaned_data") return {};
        return base;
      case Kind::kBoundForm: {
        Value v;
        v.taint = base.taint;
        if (attr == "cleaned_data" && v.taint.any()) v.taint.source += " (cleaned_data read without is_valid())";
        return v;
      }
      case Kind::kModelClass:
        if (attr == "objects" || attr == "_default_manager") return Value{{}, Kind::kQuerySet, "", {}, ""};
        return {};
      default:
        break;
    }
    if (base.taint.any()) {
      Value v;
      v.taint = base.taint;
      v.taint.values = true;
      return v;
    }
    Value v;
    if (!base.name.empty()) {
      const std::string q = base.name + "." + attr;
      v = StaticValue(q);
    }
    return v;
  }

  bool IsTaintedArgument(const Value& v, bool values_only) const {
    return values_only ? v.taint.values : v.taint.any();
  }

  void RecordFlow(const UnsafeSink& sink, const std::string& call, const std::string& argument,
                  const Value& v, const Location& at) {
    const std::string key = sink.id + "|" + at.file + "|" + std::to_string(at.line) + "|" + argument;
    if (!seen_.insert(key).second) return;
    report_.unsafe.push_back({sink.id, call, argument, v.taint.source, at, v.taint.at, sink.doc,
                              sink.docs, sink.safe_way});
  }

  void CheckSinks(const std::string& qualified, const std::string& method,
                  const std::vector<Value>& args, int starred_from,
                  const std::vector<std::pair<std::string, Value>>& keywords,
                  const AstNode& call, const Location& at) {
    const std::string shown = qualified.empty() ? "." + method : qualified;
    for (const auto& sink : cat_.unsafe_sinks) {
      if (!sink.call.Matches(qualified, method)) continue;
      bool exempt = false;
      for (const auto& kw : AstList(call, "keywords")) {
        if (AstString(kw, "arg") != "content_type") continue;
        const std::string* type = ConstantString(Child(kw, "value"));
        for (const auto& prefix : sink.unless_content_type)
          exempt = exempt || (type != nullptr && type->starts_with(prefix));
      }
      if (exempt) continue;
      for (const int position : sink.positions) {
        const bool values_only = sink.dict_values_only_positions.contains(position);
        if (position < static_cast<int>(args.size()) &&
            IsTaintedArgument(args[static_cast<std::size_t>(position)], values_only)) {
          RecordFlow(sink, shown, "#" + std::to_string(position), args[static_cast<std::size_t>(position)], at);
        } else if (starred_from >= 0 && position >= starred_from &&
                   args[static_cast<std::size_t>(starred_from)].taint.any()) {
          RecordFlow(sink, shown, "*", args[static_cast<std::size_t>(starred_from)], at);
        }
      }
      for (const auto& [name, v] : keywords) {
        if (name.empty()) {
          if (v.taint.any() && !sink.keywords.empty()) RecordFlow(sink, shown, "**", v, at);
          continue;
        }
        if (std::find(sink.keywords.begin(), sink.keywords.end(), name) == sink.keywords.end()) continue;
        if (IsTaintedArgument(v, sink.dict_values_only.contains(name))) RecordFlow(sink, shown, name, v, at);
      }
    }
  }

  void NoteSafeApi(const std::string& qualified, const std::string& method, const Value& receiver,
                   const std::vector<Value>& args,
                   const std::vector<std::pair<std::string, Value>>& keywords, const Location& at) {
    if (!method.empty() && receiver.kind != Kind::kQuerySet && qualified.empty()) return;
    const Value* tainted = nullptr;
    for (const auto& a : args) tainted = tainted ? tainted : (a.taint.any() ? &a : nullptr);
    for (const auto& [k, v] : keywords) tainted = tainted ? tainted : (v.taint.any() ? &v : nullptr);
    if (tainted == nullptr) return;
    for (const auto& api : cat_.safe_apis) {
      if (!api.call.Matches(qualified, receiver.kind == Kind::kQuerySet ? method : "")) continue;
      if (report_.safe.size() < 100)
        report_.safe.push_back({qualified.empty() ? "QuerySet." + method : qualified, api.note,
                                tainted->taint.source, at});
      return;
    }
  }

  void NoteRender(const std::string& qualified, const std::string& method, const Value& receiver,
                  const std::vector<Value>& args,
                  const std::vector<std::pair<std::string, Value>>& keywords, const Location& at) {
    if (!cat_.render_calls.Matches(qualified, method)) return;
    std::size_t name_at = 1, context_at = 2;
    if (qualified == "django.template.loader.render_to_string") name_at = 0, context_at = 1;
    std::string template_name;
    const Value* context = nullptr;
    if (!qualified.empty() || receiver.template_name.empty()) {
      if (name_at < args.size()) template_name = args[name_at].template_name;
    } else {
      template_name = receiver.template_name;
      context_at = 0;
    }
    if (method == "render" && qualified.empty()) context_at = 0, template_name = receiver.template_name;
    if (context_at < args.size()) context = &args[context_at];
    for (const auto& [k, v] : keywords)
      if (k == "context") context = &v;
    if (context == nullptr || !context->taint.any()) return;
    report_.template_inputs.push_back({"render " + (template_name.empty() ? "a template" : template_name), at});
    renders_.push_back({template_name, *context, at});
  }

  Value EvalCall(const AstNode& node, Frame& frame, const Location& at) {
    const AstNode& func = Child(node, "func");
    std::string qualified, method;
    Value receiver;
    std::string receiver_name;  // a variable the method is called on, for is_valid()
    if (NodeType(func) == "Attribute") {
      method = AstString(func, "attr");
      receiver = Eval(Child(func, "value"), frame);
      if (!receiver.name.empty()) qualified = receiver.name + "." + method;
      if (NodeType(Child(func, "value")) == "Name") receiver_name = AstString(Child(func, "value"), "id");
    } else {
      const Value callee = Eval(func, frame);
      qualified = callee.name;
    }
    std::vector<Value> args;
    int starred_from = -1;
    for (const auto& a : AstList(node, "args")) {
      if (NodeType(a) == "Starred") {
        if (starred_from < 0) starred_from = static_cast<int>(args.size());
        args.push_back(Eval(Child(a, "value"), frame));
      } else {
        Value v = Eval(a, frame);
        if (const std::string* s = ConstantString(a)) v.template_name = *s;
        args.push_back(std::move(v));
      }
    }
    std::vector<std::pair<std::string, Value>> keywords;
    for (const auto& kw : AstList(node, "keywords")) {
      const AstNode* arg = AstField(kw, "arg");
      keywords.emplace_back(arg != nullptr && arg->is_string() ? arg->get<std::string>() : "",
                            Eval(Child(kw, "value"), frame));
    }

    CheckSinks(qualified, method, args, starred_from, keywords, node, at);
    NoteSafeApi(qualified, method, receiver, args, keywords, at);
    NoteRender(qualified, method, receiver, args, keywords, at);
    if (qualified == "django.views.decorators.csrf.csrf_exempt")
      report_.csrf_exempt.push_back(at);

    // Sanitizers.
    if (cat_.conversions.contains(qualified) || cat_.escapers.contains(qualified)) {
      if (cat_.validators.contains(qualified)) MarkClean(node, frame);
      return {};
    }
    if (cat_.validators.contains(qualified)) {
      MarkClean(node, frame);
      return {};
    }
    if (NodeType(func) == "Call") {
      const AstNode& inner = Child(func, "func");
      if (cat_.validator_classes.contains(Qualify(inner, frame.module))) {
        MarkClean(node, frame);
        return {};
      }
    }
    // Forms.
    if (!qualified.empty() && NodeType(func) != "Attribute" &&
        (IsForm(qualified) || cat_.form_bases.contains(qualified))) {
      Value form;
      form.kind = Kind::kBoundForm;
      for (const auto& a : args) Join(form.taint, a.taint);
      for (const auto& [k, v] : keywords) Join(form.taint, v.taint);
      return form;
    }
    if (method == "is_valid" && !receiver_name.empty()) {
      auto found = frame.env.find(receiver_name);
      if (found != frame.env.end() && found->second.kind == Kind::kBoundForm)
        found->second.kind = Kind::kValidForm;
      return {};
    }
    // Template objects, by name.
    if (qualified == "django.template.loader.get_template" || method == "get_template") {
      Value t;
      if (!args.empty()) t.template_name = args[0].template_name;
      return t;
    }
    if (qualified == "django.contrib.auth.get_user_model") return Value{{}, Kind::kModelClass, "", {}, ""};
    // The ORM: querysets give data from the database, not from the request.
    if (receiver.kind == Kind::kQuerySet) return Value{{}, Kind::kQuerySet, "", {}, ""};
    if (qualified == "django.shortcuts.get_object_or_404" || qualified == "django.shortcuts.get_list_or_404")
      return {};
    // Calls into the PoC's own code.
    const bool static_callee = NodeType(func) != "Attribute" ||
                               (receiver.kind == Kind::kNone && !receiver.taint.any() && !receiver.name.empty());
    if (const auto fn = functions_.find(qualified); fn != functions_.end() && static_callee)
      return CallPoc(fn->second, args, keywords, std::nullopt);
    if (const auto cls = classes_.find(qualified); cls != classes_.end()) {
      Value instance;
      instance.kind = IsModel(qualified) ? Kind::kNone : Kind::kClass;
      return instance;
    }
    if (receiver.kind == Kind::kSelfView || receiver.kind == Kind::kClass) {
      // self.helper(...): a method of the PoC's own class.
      for (const auto& [q, fn] : functions_) {
        if (fn.module != frame.module || !q.ends_with("." + method) || fn.class_qualified.empty()) continue;
        return CallPoc(fn, args, keywords, receiver);
      }
    }
    // Anything else: request data in, request data out (str(), .lower(), .format(), join…).
    Value out;
    Join(out.taint, receiver.taint);
    for (const auto& a : args) Join(out.taint, a.taint);
    for (const auto& [k, v] : keywords) Join(out.taint, v.taint);
    if (out.taint.any()) out.taint.values = true;
    if (!out.taint.any() && !qualified.empty()) out.name = "";  // a call result has no static name
    return out;
  }

  void MarkClean(const AstNode& call, Frame& frame) {
    for (const auto& a : AstList(call, "args")) {
      if (NodeType(a) != "Name") continue;
      auto found = frame.env.find(AstString(a, "id"));
      if (found != frame.env.end()) found->second.taint = {};
    }
  }

  // ---- templates -------------------------------------------------------------------------
  struct Render {
    std::string template_name;
    Value context;
    Location at;
  };

  void CheckTemplates() {
    for (const auto& render : renders_) {
      for (const auto& tpl : code_.templates) {
        const bool named = !render.template_name.empty() &&
                           (tpl.file.ends_with("templates/" + render.template_name));
        if (!named) continue;
        CheckTemplate(tpl, render);
      }
    }
  }

  void CheckTemplate(const LexedTemplate& tpl, const Render& render) {
    const bool wholly = render.context.tainted_fields.empty();
    std::set<std::string> tainted = render.context.tainted_fields;
    int autoescape_off = 0;
    const UnsafeSink filter_sink{"template-safe-filter", {}, {}, {}, {}, {}, {},
                                 cat_.template_doc, cat_.template_docs,
                                 "leave autoescaping on; never mark request data safe"};
    UnsafeSink off_sink = filter_sink;
    off_sink.id = "template-autoescape-off";
    if (!tpl.tokens.is_array()) return;
    for (const auto& token : tpl.tokens) {
      if (!token.is_object()) continue;
      const std::string kind = token.value("k", "");
      const int line = token.contains("l") && token["l"].is_number_integer() ? token["l"].get<int>() : 0;
      if (kind == "block") {
        const std::string tag = token.value("tag", "");
        const auto& args = token.contains("args") && token["args"].is_array() ? token["args"] : AstNode::array();
        const std::string first = !args.empty() && args[0].is_string() ? args[0].get<std::string>() : "";
        if (tag == "autoescape") autoescape_off = first == "off" ? autoescape_off + 1 : autoescape_off;
        if (tag == "endautoescape" && autoescape_off > 0) --autoescape_off;
        if (tag == "for" && args.size() >= 3) {
          const std::string over = args[args.size() - 1].is_string() ? args[args.size() - 1].get<std::string>() : "";
          const std::string root = over.substr(0, over.find_first_of(".|"));
          if (wholly || tainted.contains(root))
            for (std::size_t i = 0; i + 2 < args.size(); ++i)
              if (args[i].is_string()) {
                std::string name = args[i].get<std::string>();
                if (!name.empty() && name.back() == ',') name.pop_back();
                tainted.insert(name);
              }
        }
        continue;
      }
      if (kind != "var") continue;
      const std::string var = token.value("var", "");
      const std::string root = var.substr(0, var.find('.'));
      if (!wholly && !tainted.contains(root)) continue;
      bool unsafe_filter = false;
      if (token.contains("filters") && token["filters"].is_array())
        for (const auto& f : token["filters"])
          for (const auto& name : cat_.unsafe_template_filters)
            unsafe_filter = unsafe_filter || (f.is_string() && f.get<std::string>() == name);
      if (!unsafe_filter && autoescape_off == 0) continue;
      RecordFlow(unsafe_filter ? filter_sink : off_sink, "{{ " + var + " }}", root, render.context,
                 {tpl.file, line});
    }
  }

  const CodeAnalysis& code_;
  const TaintCatalogue& cat_;
  std::map<std::string, FunctionInfo> functions_;
  std::map<std::string, ClassInfo> classes_;
  std::map<std::string, ImportTable> imports_;
  std::map<std::string, std::map<std::string, Value>> globals_;
  std::map<std::string, Value> memo_;
  std::set<std::string> seen_;
  std::vector<Render> renders_;
  TaintReport report_;
  int depth_ = 0;
};

}  // namespace

TaintReport AnalyzeTaint(const CodeAnalysis& code, const TaintCatalogue& catalogue) {
  return Analyzer(code, catalogue).Run();
}

}  // namespace pocsift
