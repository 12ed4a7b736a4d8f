//! Page text → draft: the readers run in order, each adding what it found and doubted.

use std::collections::BTreeSet;

use ccapi_loader::naming::words;
use serde_json::Value as Json;

use crate::clashes;
use crate::draft::{Body, Docs, Draft, FamilyDraft, OpDraft, RateLimitDraft, TypeKindDraft};
use crate::endpoint;
use crate::errors;
use crate::examples;
use crate::family::{self, Convention};
use crate::fields::{self, Builder};
use crate::lowered::Lowered;
use crate::page::{Dir, Page};
use crate::rx::lower;
use crate::sample;
use crate::spec::Spec;
use crate::table;
use crate::token_family;

/// Reads a page and drafts its operation against `spec`; `page_name` is recorded under `docs`.
pub fn draft(text: &str, page_name: Option<&str>, spec: &Spec) -> Draft {
    let page = Page::parse(text);
    let tables = table::find(&page);
    let samples = sample::find(&page, &tables);
    let endpoint = endpoint::read(&page, &tables);

    let path = endpoint.paths.first().cloned();
    let located = path.as_deref().and_then(|p| family::locate(spec.api(), p));
    // A page without a path borrows the conventions of the family whose auth parameters and
    // envelope fields it names most.
    let mut named: Vec<String> = endpoint.query.iter().chain(&endpoint.headers).cloned().collect();
    named.extend(tables.iter().flat_map(|t| &t.rows).filter_map(|r| r.name.clone()));
    let (unlocated, borrowed) = family::best_for(spec.api(), &named);
    let conv = located.as_ref().map_or(&unlocated, |l| &l.convention);
    let (fam_key, fam_title, fam_desc, op_name) = match &located {
        Some(l) => (l.family.clone(), l.title.clone(), l.description.clone(), l.operation.clone()),
        None => (
            "imported".into(),
            "Imported API".into(),
            "Imported from a page without a path.".into(),
            "operation".into(),
        ),
    };
    let mut d = Draft {
        page: page_name.map(str::to_string),
        family: FamilyDraft {
            key: fam_key,
            extends: located.as_ref().is_some_and(|l| l.doubt.is_none()),
            title: fam_title,
            description: fam_desc,
            server: conv.server.into(),
            auth: conv.auth.into(),
            envelope: conv.envelope.into(),
            error_sets: conv.error_sets.iter().map(|s| s.to_string()).collect(),
        },
        types: Vec::new(),
        op: OpDraft {
            name: op_name,
            summary: String::new(),
            description: String::new(),
            docs: None,
            method: "POST".into(),
            path: path.clone().unwrap_or_else(|| "/TODO".into()),
            auth: None,
            idempotent: false,
            rate_limit: None,
            request: Body::default(),
            response: Body::default(),
            errors: Vec::new(),
            examples: Vec::new(),
            unreadable: Vec::new(),
        },
        todos: Vec::new(),
        notes: Vec::new(),
        anchors: Vec::new(),
    };
    match &located {
        None => {
            let from = borrowed.map_or(String::new(), |k| {
                format!("; the conventions of `{k}`, whose auth parameters and envelope fields the page names most, stand in")
            });
            d.todo(
                "operation.path",
                format!("the page shows no request path: family and operation name are placeholders{from}"),
            )
        }
        Some(l) => {
            if let Some(doubt) = &l.doubt {
                d.todo("family", doubt.clone());
            }
        }
    }
    if endpoint.paths.len() > 1 {
        let others: Vec<String> = endpoint.paths[1..].iter().map(|p| format!("`{p}`")).collect();
        d.todo("operation.path", format!("the page also shows {}: check the path", others.join(", ")));
    }
    header(&mut d, &page, &tables, &endpoint, conv);

    // The tables' rows tell the samples' directions by their shape; the samples then decide how
    // the rows nest.
    let rows = fields::rows(&page, &tables, &conv.envelope_fields, &mut d);
    let names = |rows: &[table::Row]| rows.iter().filter_map(|r| r.name.clone()).collect::<Vec<_>>();
    let shapes = examples::Shapes { request: names(&rows.request), response: names(&rows.response) };
    let read = examples::read(&page, &samples, conv, &shapes);
    let bodies = |dir: Dir| -> Vec<Json> {
        read.iter().filter(|r| r.dir == dir).filter_map(|r| r.parsed.as_ref().ok()).map(|r| r.value.clone()).collect()
    };
    let (req_samples, resp_samples) = (bodies(Dir::Request), bodies(Dir::Response));
    {
        let mut b = Builder { draft: &mut d };
        let req: Vec<&Json> = req_samples.iter().collect();
        let resp: Vec<&Json> = resp_samples.iter().collect();
        let request = b.body("request", rows.request, &req, &conv.envelope_fields);
        b.draft.op.request.fields = request;
        let response = b.body("response", rows.response, &resp, &conv.envelope_fields);
        b.draft.op.response.fields = response;
    }
    examples::build(&mut d, &page, &read);
    examples::reconcile(&mut d, &conv.envelope_fields, spec);
    errors::build(&mut d, &page, &tables, conv);
    token_subject(&mut d, spec, conv);
    token_family::own_family_auth(&mut d, spec);
    one_of(&mut d);
    clashes::rename_types(&mut d, spec);
    // The definitions as drafted, error codes included, lowered beside the spec: this proves they
    // load (the samples were checked against them and kept only where they pass or say what they
    // break) and checks the field examples.
    match Lowered::new(&d, spec) {
        Ok(lowered) => field_examples(&mut d, &lowered),
        Err(why) => {
            d.todo("draft", format!("the draft does not load beside the spec ({why}), so its samples are not checked"))
        }
    }
    let operation = path
        .as_deref()
        .and_then(|p| (page.start..page.end).find(|&l| page.lines[l].contains(p.trim_start_matches('/'))))
        .unwrap_or(page.start);
    crate::lines::attach(&mut d, operation);
    d
}

/// Summary, description, docs, method, idempotency, rate limit, and what the auth scheme carries.
fn header(d: &mut Draft, page: &Page, tables: &[table::Table], e: &endpoint::Endpoint, conv: &Convention) {
    let cmd_words = words(&d.op.name).join(" ");
    d.op.summary = match &page.title {
        Some(t) => t.clone(),
        None => {
            d.todo("operation.summary", "the page shows no title: the summary is the command's name");
            let mut s = cmd_words.clone();
            if let Some(f) = s.get_mut(..1) {
                f.make_ascii_uppercase();
            }
            s
        }
    };
    d.op.description = match endpoint::description(page, tables) {
        Some(t) => t,
        None => {
            d.todo("operation.description", "the page has no call description");
            String::new()
        }
    };
    if let Some(p) = &d.page {
        d.op.docs = Some(Docs { page: p.clone(), updated: page.updated.clone(), title: page.title.clone() });
    }
    d.op.method = match (&e.method, conv.method) {
        (Some(m), _) => m.clone(),
        (None, Some(m)) => m.as_str().to_string(),
        (None, None) => {
            d.todo("operation.method", "the page states no method: POST assumed");
            "POST".into()
        }
    };
    let verb = lower(d.op.name.split('_').next().unwrap_or(""));
    d.op.idempotent = matches!(
        verb.as_str(),
        "get" | "describe" | "query" | "list" | "search" | "fetch" | "check" | "count" | "batchget" | "lookup"
    );
    d.todo(
        "operation.idempotent",
        format!(
            "safe to resend after an ambiguous failure? guessed {} from the command's verb `{verb}`",
            d.op.idempotent
        ),
    );
    if let Some((n, source)) = endpoint::rate_limit(page) {
        d.op.rate_limit = Some(RateLimitDraft { per_second: n, scope: "app".into(), source });
        d.todo("operation.rate_limit", "the page does not say whom the limit applies to: `app` assumed");
    }
    let unknown_query: Vec<&String> = e.query.iter().filter(|q| !conv.query.contains(&q.as_str())).collect();
    if !e.query.is_empty() {
        d.notes.push(format!("URL parameters {} belong to the auth scheme `{}`", e.query.join(", "), conv.auth));
    }
    if !unknown_query.is_empty() {
        let names: Vec<String> = unknown_query.iter().map(|q| format!("`{q}`")).collect();
        d.todo("operation", format!("URL parameters {} are not the auth scheme's: check", names.join(", ")));
    }
    if !e.headers.is_empty() {
        d.notes.push(format!("headers {} belong to the auth scheme `{}`", e.headers.join(", "), conv.auth));
        let unknown: Vec<String> =
            e.headers.iter().filter(|h| !conv.headers.contains(&h.as_str())).map(|h| format!("`{h}`")).collect();
        if !unknown.is_empty() {
            d.todo("operation", format!("headers {} are not the auth scheme's: check", unknown.join(", ")));
        }
    }
    if e.domains {
        d.notes.push(format!("regional domains belong to the server `{}`", conv.server));
    }
}

/// When no request field is required and the samples use disjoint sets of fields, exactly one way
/// may have to be given (`one_of`): a person decides.
fn one_of(d: &mut Draft) {
    if d.op.request.fields.is_empty() || d.op.request.fields.iter().any(|f| f.required) {
        return;
    }
    let mut sets: Vec<BTreeSet<String>> = Vec::new();
    for e in &d.op.examples {
        if let Some(keys) =
            e.request.as_ref().and_then(Json::as_object).map(|o| o.keys().cloned().collect::<BTreeSet<_>>())
            && !keys.is_empty()
            && !sets.contains(&keys)
        {
            sets.push(keys);
        }
    }
    let disjoint =
        sets.len() >= 2 && sets.iter().enumerate().all(|(i, a)| sets[i + 1..].iter().all(|b| a.is_disjoint(b)));
    if disjoint {
        let ways: Vec<String> =
            sets.iter().map(|s| format!("[{}]", s.iter().cloned().collect::<Vec<_>>().join(", "))).collect();
        d.todo(
            "request",
            format!(
                "no field is required and the samples use disjoint sets of fields ({}): must exactly one of them be given (one_of)?",
                ways.join(" or ")
            ),
        );
    }
}

/// Field examples: the page's own when valid, else the first valid value the samples send; valid
/// as the spec's instance checker finds them on the lowered draft.
fn field_examples(d: &mut Draft, low: &Lowered) {
    let bodies: Vec<Json> = d.op.examples.iter().filter_map(|e| e.request.clone()).collect();
    let fits = |place: &str, v: &Json| low.value(place, v).is_empty();
    for f in &mut d.op.request.fields {
        let place = format!("request.fields.{}", f.wire);
        if f.example.as_ref().is_some_and(|v| !fits(&place, v)) {
            f.example = None;
        }
        if f.example.is_none() {
            f.example = bodies
                .iter()
                .filter_map(|b| b.get(&f.wire))
                .filter(|v| !v.is_null() && !v.is_array() && !v.is_object())
                .find(|v| fits(&place, v))
                .cloned();
        }
    }
    for t in &mut d.types {
        if let TypeKindDraft::Struct { fields } = &mut t.kind {
            for f in fields {
                if f.example.as_ref().is_some_and(|v| !fits(&format!("types.{}.fields.{}", t.name, f.wire), v)) {
                    f.example = None;
                }
            }
        }
    }
    for f in &mut d.op.response.fields {
        if f.example.as_ref().is_some_and(|v| !fits(&format!("response.fields.{}", f.wire), v)) {
            f.example = None;
        }
    }
}

/// A family's auth scheme that applies its token per conversation needs the request fields it
/// takes the subject from (`from`, `to`); a request without them gets a scheme of the same kind
/// without a subject, and a TODO, so that the draft loads and the choice is a person's.
fn token_subject(d: &mut Draft, spec: &Spec, conv: &Convention) {
    let api = spec.api();
    let Some(scheme) = api.auth_scheme(conv.auth) else { return };
    let missing: Vec<&str> = scheme
        .token_subject
        .iter()
        .map(|(_, field)| field.as_str())
        .filter(|f| !d.op.request.fields.iter().any(|x| x.wire == *f && x.required && x.ty == "string"))
        .collect();
    if missing.is_empty() {
        return;
    }
    let other = api.auth.iter().find(|a| a.kind == scheme.kind && a.token_subject.is_empty());
    let Some(other) = other else { return };
    d.op.auth = Some(other.key.clone());
    let mut names: Vec<String> = missing.iter().map(|f| format!("`{f}`")).collect();
    names.dedup();
    d.todo(
        "operation.auth",
        format!(
            "the family's auth scheme `{}` applies its token for the request fields {}, which this request lacks as required strings: the draft uses `{}`; decide how this call gets its token",
            scheme.key,
            names.join(", "),
            other.key
        ),
    );
}
