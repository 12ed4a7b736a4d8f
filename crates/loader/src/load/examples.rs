//! `examples` and `invalid_requests` of an operation, and their checks against the IR.

use super::*;

/// An example node, checked against its type once the IR is complete.
pub(super) struct ExampleCheck<'n> {
    ty: TypeId,
    value: Json,
    node: &'n Node,
    expect_invalid_field: Option<String>,
    pub(super) breaks: Vec<String>,
    /// The example's name.
    pub(super) example: String,
    what: String,
}

impl<'n> ExampleCheck<'n> {
    /// A sample (of the example named `example`) that must match type `ty`, reported as `what`.
    pub(super) fn valid(ty: TypeId, value: Json, node: &'n Node, example: String, what: String) -> Self {
        ExampleCheck { ty, value, node, expect_invalid_field: None, breaks: Vec::new(), example, what }
    }

    /// The type the value is checked against.
    pub(super) fn ty(&self) -> TypeId {
        self.ty
    }

    /// The checked value.
    pub(super) fn value(&self) -> &Json {
        &self.value
    }

    /// The node of the value at `path` inside the example (or the deepest that exists).
    pub(super) fn node_at(&self, path: &str) -> &'n Node {
        locate(self.node, path)
    }
}

impl<'r, 'n> Lowerer<'r, 'n> {
    /// Checks every example against the finished IR (only when the definitions had no errors:
    /// against broken ones every example would fail too, burying the real problem).
    ///
    /// A sample said to break documented rules (`breaks`) is checked against the rules as the
    /// page's table documents them (see `contradictions`), then, like every sample, against the
    /// rules the spec enforces, which must accept it; only an old-style `breaks` (a field without
    /// `documented`) leaves the sample refused.
    pub(super) fn check_examples(&mut self, api: &mut Api) {
        if self.r.diags.has_errors() {
            self.example_checks.clear();
        }
        let checks = std::mem::take(&mut self.example_checks);
        let refused = self.check_contradictions(api, &checks);
        for check in &checks {
            let violations = instance::check_type(api, check.ty, &check.value);
            match &check.expect_invalid_field {
                None if !check.breaks.is_empty() && refused.contains_key(&(check.ty, check.example.clone())) => {}
                None => self.check_valid(check, violations),
                Some(field) => self.check_invalid(check, field, &violations),
            }
        }
    }

    /// A sample that breaks documented rules must break exactly those its `breaks` lists.
    pub(super) fn check_breaks(&mut self, check: &ExampleCheck<'n>, violations: &[instance::Violation]) {
        let mut found: Vec<String> = violations.iter().map(|v| v.field.clone()).collect();
        found.sort();
        found.dedup();
        let mut want = check.breaks.clone();
        want.sort();
        if found != want {
            let d = self.r.error(
                check.node.span,
                format!(
                    "{} is said to break the rules of [{}], but breaks those of [{}]",
                    check.what,
                    want.join(", "),
                    found.join(", ")
                ),
            );
            d.help = Some("list in `breaks` exactly the fields whose documented rule the sample breaks".into());
        }
    }

    /// A sample must match its schema: each violation is reported at the value breaking it.
    fn check_valid(&mut self, check: &ExampleCheck<'n>, violations: Vec<instance::Violation>) {
        for v in violations {
            let at = if v.path.is_empty() { String::new() } else { format!(" at `{}`", v.path) };
            let place = locate(check.node, &v.path);
            let d = self.r.error(place.span, format!("{} does not match its schema{at}: {}", check.what, v.message));
            d.label = Some(if std::ptr::eq(place, check.node) { "this example" } else { "this value" }.into());
            d.help =
                Some("fix the example, or the field definition it breaks; note any page erratum in `erratum`".into());
        }
    }

    /// An invalid request must break the rule of the field it names.
    fn check_invalid(&mut self, check: &ExampleCheck<'n>, field: &str, violations: &[instance::Violation]) {
        if violations.is_empty() {
            let d = self
                .r
                .error(check.node.span, format!("{} is accepted by its schema, but is listed as invalid", check.what));
            d.label = Some("this request breaks no documented rule".into());
            d.help = Some("make it break exactly the rule of its `field`, or move it to `examples`".into());
        } else if !violations.iter().any(|v| v.field == *field) {
            let found: Vec<String> = violations.iter().map(|v| format!("`{}`: {}", v.field, v.message)).collect();
            let d = self.r.error(
                locate(check.node, &violations[0].path).span,
                format!("{} breaks rules of other fields than `{field}`: {}", check.what, found.join("; ")),
            );
            d.label = Some(format!("this breaks the rule of `{}`", violations[0].field));
            d.help = Some("an invalid example must break the rule of the field it names".into());
        }
    }

    /// An operation's `examples`, each queued to be checked against its body types.
    pub(super) fn examples(&mut self, n: &'n Node, id: &str, what: &str, req: TypeId, resp: TypeId) -> Vec<Example> {
        let mut examples: Vec<Example> = Vec::new();
        for item in self.r.seq(n, &format!("the examples of {what}")).unwrap_or_default() {
            let taken: Vec<String> = examples.iter().map(|e| e.name.clone()).collect();
            if let Some(ex) = self.example(item, id, &taken, (req, resp)) {
                examples.push(ex);
            }
        }
        examples
    }

    fn example(
        &mut self,
        item: &'n Node,
        id: &str,
        taken: &[String],
        (req, resp): (TypeId, TypeId),
    ) -> Option<Example> {
        let eo = self.r.obj(
            item,
            "an example",
            &["name", "summary", "request", "response", "erratum", "breaks"],
            &["name"],
        )?;
        let ename = self.example_name(&eo, taken, "operation")?;
        let summary = self.r.opt_string(&eo, "summary", "an example");
        let erratum = self.r.opt_string(&eo, "erratum", "an example");
        let request = eo.get("request").map(Node::to_json);
        let response = eo.get("response").map(Node::to_json);
        let breaks: Vec<String> = eo
            .get("breaks")
            .and_then(|n| self.r.strings(n, "`breaks`"))
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.value)
            .collect();
        if !breaks.is_empty() && erratum.is_none() {
            let d = self.r.error(
                eo.key_span("breaks").unwrap_or(item.span),
                format!("example `{ename}` breaks documented rules but says nothing about it"),
            );
            d.help = Some("add an `erratum` explaining how the page contradicts itself".into());
        }
        if request.is_none() && response.is_none() {
            let d = self.r.error(head(item), format!("example `{ename}` has neither `request` nor `response`"));
            d.help = Some("add the sample body it shows".into());
        }
        for (key, tid, v) in [("request", req, &request), ("response", resp, &response)] {
            if let (Some(v), Some(n)) = (v, eo.get(key)) {
                let breaks = if key == "request" { breaks.clone() } else { Vec::new() };
                self.example_checks.push(ExampleCheck {
                    ty: tid,
                    value: v.clone(),
                    node: n,
                    expect_invalid_field: None,
                    breaks,
                    example: ename.clone(),
                    what: format!("the {key} of example `{ename}`"),
                });
            }
        }
        let request_test = names::example_test(id, &ename, StructRole::Request);
        let response_test = names::example_test(id, &ename, StructRole::Response);
        Some(Example { name: ename, summary, request, response, erratum, breaks, request_test, response_test })
    }

    /// An operation's `invalid_requests`, each queued to be checked as breaking its `field`.
    pub(super) fn invalid_requests(
        &mut self,
        n: &'n Node,
        id: &str,
        what: &str,
        req: TypeId,
        examples: &[Example],
    ) -> Vec<InvalidExample> {
        let mut out: Vec<InvalidExample> = Vec::new();
        for item in self.r.seq(n, &format!("the invalid requests of {what}")).unwrap_or_default() {
            let mut taken: Vec<String> = examples.iter().map(|e| e.name.clone()).collect();
            taken.extend(out.iter().map(|e| e.name.clone()));
            if let Some(ex) = self.invalid_request(item, id, &taken, req) {
                out.push(ex);
            }
        }
        out
    }

    fn invalid_request(&mut self, item: &'n Node, id: &str, taken: &[String], req: TypeId) -> Option<InvalidExample> {
        let eo = self.r.obj(
            item,
            "an invalid request",
            &["name", "summary", "request", "field"],
            &["name", "request", "field"],
        )?;
        let ename = self.example_name(&eo, taken, "operation")?;
        let summary = self.r.opt_string(&eo, "summary", "an invalid request");
        let field = eo.get("field").and_then(|f| self.r.string(f, "`field`"))?;
        let rn = eo.get("request")?;
        let request = rn.to_json();
        self.example_checks.push(ExampleCheck {
            ty: req,
            value: request.clone(),
            node: rn,
            expect_invalid_field: Some(field.clone()),
            breaks: Vec::new(),
            example: ename.clone(),
            what: format!("invalid request `{ename}`"),
        });
        let test_name = names::invalid_request_test(id, &ename);
        Some(InvalidExample { name: ename, summary, request, field, test_name })
    }

    pub(super) fn example_name(&mut self, eo: &Obj<'n>, taken: &[String], owner: &str) -> Option<String> {
        let n = eo.get("name")?;
        let name = self.r.string(n, "the example's `name`")?;
        if !is_snake(&name) {
            let d = self.r.error(n.span, format!("example name `{name}` is not snake_case"));
            d.help = Some(format!("rename it `{}`; it becomes a test name", snake(&name)));
            return None;
        }
        if taken.contains(&name) {
            let d = self.r.error(n.span, format!("example name `{name}` is used twice in this {owner}"));
            d.help = Some("give each example its own name".into());
            return None;
        }
        Some(name)
    }
}

/// The node at `path` (`Messages[0].MsgBody`, empty for the whole value) inside an example, or the
/// deepest node of the path that exists.
fn locate<'a>(mut node: &'a Node, path: &str) -> &'a Node {
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indexes) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            let Value::Map(entries) = &node.value else { return node };
            let Some((_, v)) = entries.iter().find(|(k, _)| k.scalar_text() == key) else { return node };
            node = v;
        }
        for index in indexes.split(['[', ']']).filter(|i| !i.is_empty()) {
            let (Value::Seq(items), Ok(i)) = (&node.value, index.parse::<usize>()) else { return node };
            let Some(item) = items.get(i) else { return node };
            node = item;
        }
    }
    node
}
