package io.github.resultexport.embulk.output.td.fake;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.Value;

/** Builds bulk-import parts (gzip'd concatenated msgpack values) for tests. */
final class MsgpackParts {
    private MsgpackParts() {
    }

    /** A record from alternating keys and values. */
    static Map<String, Object> record(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Each element is a Java value (see {@link #pack}) or a msgpack {@link Value}, written as one top-level value. */
    static byte[] gzipped(List<?> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MessagePacker packer = MessagePack.newDefaultPacker(new GZIPOutputStream(bytes))) {
            for (Object value : values) {
                pack(packer, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static File file(File dir, String name, byte[] content) {
        try {
            File file = new File(dir, name);
            Files.write(file.toPath(), content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static File part(File dir, String name, List<?> values) {
        return file(dir, name + ".msgpack.gz", gzipped(values));
    }

    /** String, Long/Integer, Double, Boolean, byte[], List, Map, null or a msgpack Value. */
    private static void pack(MessagePacker packer, Object v) throws IOException {
        if (v == null) {
            packer.packNil();
        } else if (v instanceof Value) {
            packer.packValue((Value) v);
        } else if (v instanceof String) {
            packer.packString((String) v);
        } else if (v instanceof Long || v instanceof Integer) {
            packer.packLong(((Number) v).longValue());
        } else if (v instanceof Double) {
            packer.packDouble((Double) v);
        } else if (v instanceof Boolean) {
            packer.packBoolean((Boolean) v);
        } else if (v instanceof byte[]) {
            byte[] b = (byte[]) v;
            packer.packBinaryHeader(b.length);
            packer.writePayload(b);
        } else if (v instanceof List) {
            List<?> list = (List<?>) v;
            packer.packArrayHeader(list.size());
            for (Object e : list) {
                pack(packer, e);
            }
        } else if (v instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) v;
            packer.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                pack(packer, e.getKey());
                pack(packer, e.getValue());
            }
        } else {
            throw new IllegalArgumentException("cannot pack " + v.getClass());
        }
    }
}
