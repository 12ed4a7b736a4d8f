//! Synthetic specs of any size, for benchmarks: every operation has the shapes the real spec
//! uses (strings with constraints, integer enums, nested arrays, a union, error codes, examples).

use std::fmt::Write as _;

/// A complete spec (one file's text) with `operations` operations in one family.
pub fn spec_text(operations: usize) -> String {
    let mut s = String::new();
    s.push_str(concat!(
        "api: {name: synth, title: Synthetic API, version: 1.0.0, description: A generated spec for benchmarks.}\n" ,
"servers:\n  main:\n    description: The server.\n    default_region: one\n    regions:\n      one: {title: One, primary: https://one.example.com}\n" ,
"auth:\n  key:\n    kind: headers\n    description: An API key.\n    headers:\n      x-api-key: {type: string, required: true, secret: true, description: The key.}\n" ,
"envelopes:\n  env:\n    description: Every response.\n    fields:\n      Code: {type: i64, required: true, description: The code.}\n      Info: {type: string, required: true, description: The message.}\n    code_field: Code\n    message_field: Info\n    success_code: 0\n" ,
"error_sets:\n  common:\n    description: Shared codes.\n    codes:\n      60001: {name: Busy, description: \"Busy, please retry.\", retryable: true}\n      60002: {name: Denied, description: Denied.}\n" ,
"families:\n  synth:\n    title: Synthetic\n    description: Generated operations.\n    server: main\n    auth: key\n    envelope: env\n    error_sets: [common]\n    types:\n",
    ));
    for i in 0..operations {
        let _ = write!(
            s,
            concat!(
                "      Kind{i}:\n        kind: enum\n        repr: integer\n        description: Kind {i}.\n        values:\n          - {{value: 1, name: First, description: The first.}}\n          - {{value: 2, name: Second, description: The second.}}\n",
                "      Item{i}:\n        kind: struct\n        description: Item {i}.\n        fields:\n          Name: {{type: string, required: true, max_length: 64, description: The name.}}\n          Kind: {{type: Kind{i}, description: The kind.}}\n          Tags: {{type: array<string>, max_items: 10, description: Tags.}}\n"
            ),
            i = i
        );
    }
    s.push_str("    operations:\n");
    for i in 0..operations {
        let _ = write!(
            s,
            concat!(
                "      op_{i}:\n        summary: Operation {i}\n        description: Does thing {i}.\n        method: POST\n        path: /v1/synth/op_{i}\n        idempotent: {}\n",
                "        request:\n          fields:\n            Id: {{type: string, required: true, min_length: 1, max_length: 32, not_contains: [\",\"], description: The id.}}\n            Limit: {{type: u32, maximum: 100, default: 20, description: How many.}}\n            Kind: {{type: Kind{i}, default: 1, description: The kind.}}\n            Items: {{type: array<Item{i}>, description: The items.}}\n",
                "        response:\n          fields:\n            Total: {{type: u64, description: The total.}}\n            Items: {{type: array<Item{i}>, description: The items.}}\n",
                "        errors:\n          {}: {{name: NotFound, description: Not found.}}\n          {}: {{name: Internal, description: \"Internal error, please retry.\", retryable: true}}\n",
                "        examples:\n          - name: basic\n            request: {{\"Id\": \"a\", \"Limit\": 5, \"Items\": [{{\"Name\": \"x\", \"Kind\": 2}}]}}\n            response: {{\"Code\": 0, \"Info\": \"\", \"Total\": 1, \"Items\": [{{\"Name\": \"x\"}}]}}\n",
                "        invalid_requests:\n          - name: limit_too_big\n            request: {{\"Id\": \"a\", \"Limit\": 101}}\n            field: Limit\n"
            ),
            i % 2 == 0,
            100_000 + i * 2,
            100_001 + i * 2,
            i = i
        );
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_specs_load_cleanly() {
        let mut sources = crate::Sources::default();
        sources.add("synth.yaml", super::spec_text(3));
        let loaded = crate::load_sources(sources);
        let rendered = loaded.diagnostics.render(&loaded.sources);
        let api = loaded.api.unwrap_or_else(|| panic!("{rendered}"));
        assert_eq!(api.operations().count(), 3);
    }
}
