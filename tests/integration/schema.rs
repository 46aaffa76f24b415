//! A small structural check of JSON output against a JSON Schema kept in the repository: every key the
//! output has is in the schema (with `additionalProperties: false`), every required key is there, and
//! types, enums and array items agree. Enough to keep the documented schema and the code from drifting.

use serde_json::Value;

#[track_caller]
pub fn assert_matches_schema(value: &Value, schema_path: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(schema_path);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut problems = Vec::new();
    check(value, &schema, &schema, "$", &mut problems);
    assert!(
        problems.is_empty(),
        "{schema_path}:\n{}",
        problems.join("\n")
    );
}

fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            root.pointer(pointer)
                .unwrap_or_else(|| panic!("unresolved {reference}"))
        }
        None => schema,
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn check(value: &Value, schema: &Value, root: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(schema, root);
    if let Some(options) = schema.get("anyOf").and_then(Value::as_array) {
        let fits = options.iter().any(|option| {
            let mut inner = Vec::new();
            check(value, option, root, at, &mut inner);
            inner.is_empty()
        });
        if !fits {
            problems.push(format!("{at}: matches none of anyOf"));
        }
        return;
    }
    if let Some(types) = schema.get("type") {
        let allowed: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let actual = type_name(value);
        let ok = allowed.contains(&actual) || (actual == "integer" && allowed.contains(&"number"));
        if !ok {
            problems.push(format!("{at}: {actual}, schema allows {allowed:?}"));
            return;
        }
    }
    if let Some(choices) = schema.get("enum").and_then(Value::as_array)
        && !choices.contains(value)
    {
        problems.push(format!("{at}: {value} is not one of {choices:?}"));
    }
    match value {
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            for required in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let key = required.as_str().unwrap();
                if !map.contains_key(key) {
                    problems.push(format!("{at}: required `{key}` missing"));
                }
            }
            for (key, child) in map {
                match properties.and_then(|p| p.get(key)) {
                    Some(child_schema) => {
                        check(child, child_schema, root, &format!("{at}.{key}"), problems)
                    }
                    None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        problems.push(format!("{at}: `{key}` is not in the schema"));
                    }
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check(item, item_schema, root, &format!("{at}[{i}]"), problems);
                }
            }
        }
        _ => {}
    }
}

/// Validates `value` against a committed schema with a full JSON Schema 2020-12 validator. References
/// between the repository's schemas (`catalogue.schema.json#/$defs/requirement`) resolve to the files in
/// `report-templates/` and `requirements/`; nothing is fetched.
#[track_caller]
pub fn assert_valid(value: &Value, schema_path: &str) {
    let validator = validator(schema_path);
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(10)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "does not validate against {schema_path}:\n{}",
        errors.join("\n")
    );
}

pub fn validator(schema_path: &str) -> jsonschema::Validator {
    let schema = read_schema(schema_path);
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_retriever(LocalSchemas)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{schema_path} does not compile: {e}"))
}

fn read_schema(schema_path: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(schema_path);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{schema_path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{schema_path}: {e}"))
}

/// Resolves `https://iso20k.invalid/schema/NAME` to the committed schema NAME.
struct LocalSchemas;

impl jsonschema::Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .as_str()
            .strip_prefix("https://iso20k.invalid/schema/")
            .ok_or_else(|| format!("not one of iso20k's schemas: {}", uri.as_str()))?;
        for folder in ["report-templates", "requirements"] {
            let path = format!("{folder}/{name}");
            if std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(&path)
                .exists()
            {
                return Ok(read_schema(&path));
            }
        }
        Err(format!("no schema named {name}").into())
    }
}
