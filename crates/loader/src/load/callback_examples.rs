//! `examples` of a callback: reconstructed deliveries and replies, checked against the body and
//! reply types once the IR is complete (with the operations' examples, in `examples`).

use super::examples::ExampleCheck;
use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    /// A callback's `examples`, each queued to be checked against its body and reply types.
    pub(super) fn callback_examples(
        &mut self,
        n: &'n Node,
        id: &str,
        what: &str,
        body: TypeId,
        reply: TypeId,
    ) -> Vec<CallbackExample> {
        let mut out: Vec<CallbackExample> = Vec::new();
        for item in self.r.seq(n, &format!("the examples of {what}")).unwrap_or_default() {
            let taken: Vec<String> = out.iter().map(|e| e.name.clone()).collect();
            if let Some(ex) = self.callback_example(item, id, &taken, body, reply) {
                out.push(ex);
            }
        }
        out
    }

    fn callback_example(
        &mut self,
        item: &'n Node,
        id: &str,
        taken: &[String],
        body: TypeId,
        reply: TypeId,
    ) -> Option<CallbackExample> {
        let eo = self.r.obj(item, "a callback example", &["name", "summary", "body", "reply", "erratum"], &["name"])?;
        let ename = self.example_name(&eo, taken, "callback")?;
        let summary = self.r.opt_string(&eo, "summary", "a callback example");
        let erratum = self.r.opt_string(&eo, "erratum", "a callback example");
        let (body_json, reply_json) = (eo.get("body").map(Node::to_json), eo.get("reply").map(Node::to_json));
        if body_json.is_none() && reply_json.is_none() {
            let d = self.r.error(head(item), format!("example `{ename}` has neither `body` nor `reply`"));
            d.help = Some("add the delivery's body, the app's reply, or both".into());
        }
        for (key, tid, value) in [("body", body, &body_json), ("reply", reply, &reply_json)] {
            if let (Some(v), Some(node)) = (value, eo.get(key)) {
                let what = format!("the {key} of example `{ename}` of callback `{id}`");
                self.example_checks.push(ExampleCheck::valid(tid, v.clone(), node, ename.clone(), what));
            }
        }
        Some(CallbackExample {
            body_test: names::callback_example_test(id, &ename, StructRole::CallbackBody),
            reply_test: names::callback_example_test(id, &ename, StructRole::CallbackReply),
            name: ename,
            summary,
            body: body_json,
            reply: reply_json,
            erratum,
        })
    }
}
