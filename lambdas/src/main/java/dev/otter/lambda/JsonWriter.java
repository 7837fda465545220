package dev.otter.lambda;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Map;

/**
 * Writes the response bodies of the HTTP API (records of strings, numbers, booleans, lists, maps and other such
 * records) as JSON without Jackson's data binding, leaving out null record components as {@link Json} always has.
 * A cold {@code GET /room/{id}} spent about a sixth of its time loading and initialising the 700 classes of
 * {@code ObjectMapper} and its bean serializers just to write one small record. Output is byte for byte what the
 * mapper writes (JsonWriterTest compares the two); any other kind of value makes {@link #write} return null and
 * {@link Json} falls back to the mapper.
 */
final class JsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonWriter() {}

    /** @return the JSON text, or null when {@code value} holds something this writer does not know */
    static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        return value(value, out) ? out.toString() : null;
    }

    private static boolean value(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            boolean first = true;
            for (Object element : list) {
                if (!first) out.append(',');
                first = false;
                if (!value(element, out)) return false;
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) return false;
                if (!first) out.append(',');
                first = false;
                string(key, out);
                out.append(':');
                if (!value(entry.getValue(), out)) return false;
            }
            out.append('}');
        } else if (value instanceof Record record) {
            return record(record, out);
        } else {
            return false;
        }
        return true;
    }

    private static boolean record(Record record, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object field;
            try {
                java.lang.reflect.Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                field = accessor.invoke(record);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                return false;
            }
            if (field == null) continue;
            if (!first) out.append(',');
            first = false;
            string(component.getName(), out);
            out.append(':');
            if (!value(field, out)) return false;
        }
        out.append('}');
        return true;
    }

    /** Escapes as Jackson does by default: quote, backslash and control characters; everything else as is. */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
