import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The quicktype → Java row of the consumer matrix: the classes quicktype generates (default
 * settings, every schema file one top-level type) and the Converter it writes, compiled against
 * Jackson. What it asks, for every operation of the fixtures:
 *
 * <ul>
 *   <li>the request and response classes exist, named by the schemas' titles, with
 *       {@code Converter.<Title>FromJsonString} and {@code ...ToJsonString};
 *   <li>every valid example (request and response) deserializes and serializes back to the same
 *       JSON (members that are null on either side aside, numbers compared by value);
 *   <li>every string enum of the schemas is a Java enum with exactly the schema's values, and an
 *       unlisted literal is refused; every integer enum is a {@code Long} (quicktype has no
 *       integer enums), so an unlisted number is accepted — a known limit, printed;
 *   <li>every {@code oneOf} is one class with the properties of all its branches (quicktype
 *       merges a union of classes), its tag, where the branches have one, a Java enum of the
 *       branches' constants, so an unknown tag in a valid example is refused — the pairing of tag
 *       and content is lost, a known limit, printed;
 *   <li>every invalid request is refused exactly when Jackson can tell from quicktype's types: an
 *       unlisted literal of a string enum, or an object or array where a scalar belongs. All
 *       others (a missing required field, which reads null; a one-of request shape; lax scalar
 *       coercion; null; lengths, patterns, ranges, conditional rules) are accepted, each a known
 *       limit, printed with the requests that show it.
 * </ul>
 *
 * A check that finds other than this fails the row, including a known limit that no longer holds
 * (the README's consumer matrix then says something untrue).
 *
 * <p>usage: {@code java QuicktypeCheck FIXTURES SCHEMAS_DIR PACKAGE}
 */
public final class QuicktypeCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ROLES = {"request", "response"};

    private final Path schemas;
    private final String pkg;
    private int passed;
    private final List<String> failures = new ArrayList<>();
    /** Each known limit, with what showed it. */
    private final Map<String, Set<String>> limits = new TreeMap<>();
    /** The invalid requests refused, by why. */
    private final Map<String, Set<String>> refused = new TreeMap<>();

    private QuicktypeCheck(Path schemas, String pkg) {
        this.schemas = schemas;
        this.pkg = pkg;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java QuicktypeCheck FIXTURES SCHEMAS_DIR PACKAGE");
            System.exit(2);
        }
        JsonNode fixtures = JSON.readTree(Files.readString(Path.of(args[0])));
        QuicktypeCheck check = new QuicktypeCheck(Path.of(args[1]), args[2]);
        for (JsonNode op : fixtures.get("operations")) {
            check.operation(op);
        }
        if (check.passed == 0) {
            check.fail("nothing checked: " + args[0] + " has no operations");
        }
        System.exit(check.report() ? 0 : 1);
    }

    private static final String ROW = "quicktype -> Java (Jackson)";

    private boolean report() {
        for (String f : failures) {
            System.out.println("FAIL " + ROW + ": " + f);
        }
        for (Map.Entry<String, Set<String>> e : refused.entrySet()) {
            System.out.println(ROW + ": refused, " + e.getKey() + ": " + String.join(", ", e.getValue()));
        }
        for (Map.Entry<String, Set<String>> e : limits.entrySet()) {
            System.out.println(ROW + ": known limit, " + e.getKey() + ": " + String.join(", ", e.getValue()));
        }
        System.out.println(ROW + ": " + passed + " passed, " + failures.size() + " failed");
        return failures.isEmpty();
    }

    private void fail(String what) {
        failures.add(what);
    }

    private void limit(String which, String shownBy) {
        limits.computeIfAbsent(which, k -> new LinkedHashSet<>()).add(shownBy);
    }

    // ---- one operation ----

    private void operation(JsonNode op) throws Exception {
        String id = op.get("id").asText();
        for (String role : ROLES) {
            String type = op.get(role + "_type").asText();
            Codec codec = codec(type);
            if (codec == null) {
                fail(id + ": no class " + type + " (the schema's title) with Converter." + type + "FromJsonString");
                continue;
            }
            JsonNode schema = JSON.readTree(Files.readString(schemas.resolve(op.get(role + "_schema").asText())));
            List<JsonNode> examples = new ArrayList<>();
            for (JsonNode ex : op.get("examples")) {
                if (!ex.has(role)) {
                    continue;
                }
                examples.add(ex.get(role));
                roundTrip(id + " example " + ex.get("name").asText() + " (" + role + ")", codec, ex.get(role));
            }
            enums(id, role, schema);
            unions(id, role, schema, codec, examples);
            if (role.equals("request")) {
                for (JsonNode bad : op.get("invalid_requests")) {
                    invalid(id, codec, schema, bad);
                }
            }
        }
    }

    private void roundTrip(String what, Codec codec, JsonNode body) throws Exception {
        Object value;
        try {
            value = codec.read(JSON.writeValueAsString(body));
        } catch (IOException e) {
            fail(what + " is refused: " + e.getMessage());
            return;
        }
        JsonNode back = JSON.readTree(codec.write(value));
        if (!normalize(body).equals(normalize(back))) {
            fail(what + " changes in a round trip: sent " + body + ", got back " + back);
            return;
        }
        passed++;
    }

    // ---- enums ----

    /** Every enum among the file's definitions: string ones are Java enums, integer ones Longs. */
    private void enums(String id, String role, JsonNode schema) throws Exception {
        Iterator<Map.Entry<String, JsonNode>> defs = schema.path("$defs").fields();
        while (defs.hasNext()) {
            Map.Entry<String, JsonNode> d = defs.next();
            JsonNode values = d.getValue().get("enum");
            if (values == null) {
                continue;
            }
            String title = d.getValue().path("title").asText(d.getKey());
            Class<?> cls = load(title);
            if (allText(values)) {
                if (cls == null || !cls.isEnum()) {
                    fail(id + " " + role + ": the string enum " + title + " is no Java enum " + title);
                } else if (!wireValues(cls).equals(texts(values))) {
                    fail(id + " " + role + ": enum " + title + " has " + wireValues(cls) + ", the schema " + texts(values));
                } else {
                    passed++;
                }
                continue;
            }
            // An integer enum: no Java enum; every property that refers to it reads a Long.
            if (cls != null && cls.isEnum()) {
                fail(id + " " + role + ": the integer enum " + title + " is now a Java enum (update the README)");
                continue;
            }
            for (Map.Entry<String, String> use : uses(schema, "#/$defs/" + d.getKey()).entrySet()) {
                Class<?> owner = load(use.getKey());
                if (owner == null) {
                    continue; // a union branch, merged (checked by unions())
                }
                Method getter = getter(owner, use.getValue());
                if (getter == null) {
                    fail(id + " " + role + ": " + use.getKey() + " has no property " + use.getValue());
                } else if (getter.getReturnType() != Long.class && getter.getReturnType() != long.class) {
                    fail(id + " " + role + ": " + use.getKey() + "." + use.getValue() + " (integer enum " + title
                            + ") is a " + getter.getReturnType().getSimpleName() + ", not a Long");
                } else {
                    passed++;
                    limit("integer enums become Long, their values unchecked", title + " " + values);
                }
            }
        }
    }

    /** Titled objects of the file (the top level, definitions) whose properties refer to {@code ref}: title → property. */
    private static Map<String, String> uses(JsonNode schema, String ref) {
        Map<String, String> found = new TreeMap<>();
        List<JsonNode> objects = new ArrayList<>();
        objects.add(schema);
        schema.path("$defs").forEach(objects::add);
        for (JsonNode o : objects) {
            Iterator<Map.Entry<String, JsonNode>> props = o.path("properties").fields();
            while (props.hasNext()) {
                Map.Entry<String, JsonNode> p = props.next();
                JsonNode s = p.getValue().has("items") ? p.getValue().get("items") : p.getValue();
                if (ref.equals(s.path("$ref").asText()) && o.has("title")) {
                    found.put(o.get("title").asText(), p.getKey());
                }
            }
        }
        return found;
    }

    // ---- unions ----

    /**
     * Every {@code oneOf} of the file: one class with every branch's properties, a tag shared by
     * all branches (a constant in each) a Java enum of those constants, and an element of a valid
     * example with an unknown tag refused.
     */
    private void unions(String id, String role, JsonNode schema, Codec codec, List<JsonNode> examples)
            throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        nodes.add(schema);
        schema.path("$defs").forEach(nodes::add);
        for (JsonNode u : nodes) {
            if (!u.has("oneOf")) {
                continue;
            }
            String title = u.get("title").asText();
            Class<?> cls = load(title);
            if (cls == null) {
                // A definition several files carry (the MsgBody element union of a response and of
                // callback events) is one type per file to quicktype, named after the type that
                // holds it in that file: `MessageMsgBodyElement`, `DeskSessionEventNotifyEventMsgBodyElement`.
                for (JsonNode holder : nodes) {
                    JsonNode t = holder.get("title");
                    if (t != null && holder != u && (cls = load(t.asText() + title)) != null) {
                        limit("a definition several files share is named after its holder in each file",
                                cls.getSimpleName() + " for " + title);
                        break;
                    }
                }
            }
            if (cls == null) {
                fail(id + " " + role + ": no class " + title + " for its oneOf");
                continue;
            }
            List<JsonNode> branches = new ArrayList<>();
            u.get("oneOf").forEach(b -> branches.add(resolve(schema, b)));
            Set<String> props = new TreeSet<>();
            branches.forEach(b -> b.path("properties").fieldNames().forEachRemaining(props::add));
            boolean flat = true;
            for (String p : props) {
                if (getter(cls, p) == null) {
                    fail(id + " " + role + ": " + title + " lacks " + p + " of a oneOf branch");
                    flat = false;
                }
            }
            if (!flat) {
                continue;
            }
            passed++;
            limit("a oneOf becomes one class with every branch's properties (quicktype merges a union of classes)",
                    title + " (" + branches.size() + " branches)");
            contents(id + " " + role, schema, cls, title, branches, props);
            for (String tag : props) {
                Set<String> consts = new TreeSet<>();
                for (JsonNode b : branches) {
                    JsonNode c = b.path("properties").path(tag).get("const");
                    if (c != null && c.isTextual()) {
                        consts.add(c.asText());
                    }
                }
                if (consts.size() != branches.size()) {
                    continue; // not the tag
                }
                Class<?> tagType = getter(cls, tag).getReturnType();
                if (!tagType.isEnum() || !wireValues(tagType).equals(consts)) {
                    fail(id + " " + role + ": the tag " + title + "." + tag + " is a " + tagType.getSimpleName()
                            + ", not a Java enum of " + consts);
                    continue;
                }
                passed++;
                limit("the tag of a union stays an enum, but its content is one class for every tag",
                        title + "." + tag + " " + consts);
                unknownTag(id + " " + role, codec, tag, consts, examples);
            }
        }
    }

    /**
     * A property that every branch has, each a different object definition (a tagged union's
     * content): one class holding every one of those definitions' properties.
     */
    private void contents(String what, JsonNode schema, Class<?> cls, String title, List<JsonNode> branches,
            Set<String> props) {
        for (String p : props) {
            Set<String> refs = new TreeSet<>();
            Set<String> fields = new TreeSet<>();
            for (JsonNode b : branches) {
                JsonNode ref = b.path("properties").path(p).get("$ref");
                if (ref != null) {
                    refs.add(ref.asText());
                    resolve(schema, b.get("properties").get(p)).path("properties").fieldNames()
                            .forEachRemaining(fields::add);
                }
            }
            if (refs.size() != branches.size()) {
                continue; // not a content that differs by branch
            }
            Class<?> content = getter(cls, p).getReturnType();
            Set<String> missing = new TreeSet<>();
            for (String f : fields) {
                if (getter(content, f) == null) {
                    missing.add(f);
                }
            }
            if (!missing.isEmpty()) {
                fail(what + ": " + title + "." + p + " is a " + content.getSimpleName() + " without " + missing
                        + " (no longer one class for every branch: update the README)");
                continue;
            }
            passed++;
            limit("a union's content is one class with the fields of every branch's",
                    title + "." + p + " (" + content.getSimpleName() + ": " + String.join(", ", fields) + ")");
        }
    }

    /** Every valid example with an element tagged by one of {@code consts}, that tag replaced, is refused. */
    private void unknownTag(String what, Codec codec, String tag, Set<String> consts, List<JsonNode> examples)
            throws Exception {
        for (JsonNode body : examples) {
            JsonNode copy = body.deepCopy();
            List<ObjectNode> tagged = new ArrayList<>();
            collect(copy, tag, consts, tagged);
            if (tagged.isEmpty()) {
                continue;
            }
            String unknown = "Not" + tagged.get(0).get(tag).asText();
            tagged.get(0).put(tag, unknown);
            try {
                codec.read(copy.toString());
                fail(what + ": an element tagged " + unknown + " is accepted");
            } catch (IOException e) {
                passed++;
                refused.computeIfAbsent("a valid example with an unknown union tag", k -> new LinkedHashSet<>())
                        .add(what + " " + tag + "=" + unknown);
            }
        }
    }

    private static void collect(JsonNode n, String tag, Set<String> consts, List<ObjectNode> into) {
        if (n.isObject() && n.path(tag).isTextual() && consts.contains(n.get(tag).asText())) {
            into.add((ObjectNode) n);
        }
        n.forEach(c -> collect(c, tag, consts, into));
    }

    // ---- invalid requests ----

    /** What Jackson makes of an invalid request, given quicktype's types: refused, or accepted for a known limit. */
    private record Expect(boolean refused, String why) {}

    private void invalid(String id, Codec codec, JsonNode schema, JsonNode bad) throws Exception {
        String name = id + " " + bad.get("name").asText();
        JsonNode request = bad.get("request");
        String field = bad.get("field").asText();
        Expect expect = expect(schema, request, field);
        if (expect == null) {
            fail(name + ": " + field + " is no property of the request schema");
            return;
        }
        Object value = null;
        boolean refused;
        try {
            value = codec.read(request.toString());
            refused = false;
        } catch (IOException e) {
            refused = true;
        }
        if (refused != expect.refused()) {
            fail("invalid request " + name + " is " + (refused ? "refused" : "accepted") + ", expected "
                    + (expect.refused() ? "refused" : "accepted") + " (" + expect.why() + ")");
            return;
        }
        if (!refused && !field.isEmpty() && !request.has(field)) {
            Method getter = getter(codec.cls, field);
            Object read = getter == null ? "(no such property)" : getter.invoke(value);
            if (read != null && !(read instanceof Number n && n.longValue() == 0)) {
                fail("invalid request " + name + ": the missing " + field + " reads " + read + ", not null");
                return;
            }
        }
        passed++;
        (refused ? this.refused : limits).computeIfAbsent(expect.why(), k -> new LinkedHashSet<>()).add(name);
    }

    private static Expect expect(JsonNode schema, JsonNode request, String field) {
        if (field.isEmpty()) {
            return new Expect(false, "a one-of request shape is one class, every field optional");
        }
        if (!request.has(field)) {
            return new Expect(false, "required fields are unchecked, a missing one reads null");
        }
        JsonNode prop = property(schema, field);
        if (prop == null) {
            return null;
        }
        JsonNode v = request.get(field);
        String type = prop.path("type").asText("");
        boolean scalar = Set.of("string", "integer", "number", "boolean").contains(type);
        JsonNode values = prop.get("enum");
        if (v.isNull()) {
            return new Expect(false, "null is accepted for every field");
        }
        if ((v.isObject() || v.isArray()) && scalar) {
            return new Expect(true, "an object or array where a scalar belongs");
        }
        if (values != null && allText(values)) {
            return new Expect(!texts(values).contains(v.asText()) || !v.isTextual(), "an unlisted literal of a Java enum");
        }
        if ((v.isTextual() && (type.equals("integer") || type.equals("number")))
                || (v.isValueNode() && !v.isTextual() && type.equals("string"))) {
            return new Expect(false, "Jackson coerces scalars (\"20\" reads as 20, 123 as \"123\")");
        }
        if (values != null) {
            return new Expect(false, "an unlisted value of an integer enum (a Long)");
        }
        return new Expect(false, "no constraints in the classes (lengths, patterns, ranges, conditional rules)");
    }

    // ---- helpers ----

    /** The class of a title and its Converter methods. */
    private record Codec(Class<?> cls, Method from, Method to) {
        Object read(String json) throws Exception {
            try {
                return from.invoke(null, json);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw e;
            }
        }

        String write(Object value) throws Exception {
            return (String) to.invoke(null, value);
        }
    }

    private Codec codec(String type) {
        Class<?> cls = load(type);
        Class<?> converter = load("Converter");
        if (cls == null || converter == null) {
            return null;
        }
        try {
            return new Codec(cls, converter.getMethod(type + "FromJsonString", String.class),
                    converter.getMethod(type + "ToJsonString", cls));
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private Class<?> load(String simpleName) {
        try {
            return Class.forName(pkg + "." + simpleName);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** The getter Jackson reads the JSON property {@code name} through. */
    private static Method getter(Class<?> cls, String name) {
        for (Method m : cls.getMethods()) {
            JsonProperty p = m.getAnnotation(JsonProperty.class);
            if (p != null && p.value().equals(name) && m.getParameterCount() == 0) {
                return m;
            }
        }
        return null;
    }

    /** The JSON values of a Java enum (its {@code @JsonValue} method). */
    private static Set<String> wireValues(Class<?> enumClass) throws Exception {
        Method value = null;
        for (Method m : enumClass.getMethods()) {
            if (m.isAnnotationPresent(JsonValue.class)) {
                value = m;
            }
        }
        Set<String> out = new TreeSet<>();
        for (Object c : enumClass.getEnumConstants()) {
            out.add(String.valueOf(value == null ? c : value.invoke(c)));
        }
        return out;
    }

    private static boolean allText(JsonNode values) {
        for (JsonNode v : values) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> texts(JsonNode values) {
        Set<String> out = new TreeSet<>();
        values.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** The schema of a property of the request, at its top level or in a {@code oneOf} branch; null if none. */
    private static JsonNode property(JsonNode schema, String field) {
        List<JsonNode> objects = new ArrayList<>();
        objects.add(schema);
        schema.path("oneOf").forEach(b -> objects.add(resolve(schema, b)));
        for (JsonNode o : objects) {
            if (o.path("properties").has(field)) {
                return resolve(schema, o.get("properties").get(field));
            }
        }
        return null;
    }

    /** A local {@code $ref} ({@code #/$defs/Name}) resolved within the file; anything else as it is. */
    private static JsonNode resolve(JsonNode schema, JsonNode s) {
        String ref = s.path("$ref").asText("");
        return ref.startsWith("#/") ? schema.at(ref.substring(1)) : s;
    }

    /** Objects without their null members, numbers as canonical decimals: what a round trip must keep. */
    private static JsonNode normalize(JsonNode n) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (n.isObject()) {
            ObjectNode out = f.objectNode();
            n.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), normalize(e.getValue()));
                }
            });
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = f.arrayNode();
            n.forEach(c -> out.add(normalize(c)));
            return out;
        }
        if (n.isNumber()) {
            return f.numberNode(n.decimalValue().stripTrailingZeros());
        }
        return n;
    }
}
