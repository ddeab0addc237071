package io.github.resultexport.embulk.output.td.fake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.IntegerValue;
import org.msgpack.value.Value;

/**
 * Decodes a bulk-import part: gzip around a sequence of msgpack maps. A record is valid when it is a map with string
 * keys only and an integer {@code time} in the long range, and all its values convert (a string must be valid
 * UTF-8, an integer must fit a long); any other record is an error record. A part that does not gunzip or whose
 * msgpack does not decode to its end is malformed, and none of its records count.
 */
final class PartDecoder {
    private PartDecoder() {
    }

    static DecodedPart decode(byte[] gzipped) {
        byte[] raw;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            raw = in.readAllBytes();
        } catch (IOException e) {
            return malformed();
        }
        List<Map<String, Object>> valid = new ArrayList<>();
        List<byte[]> errors = new ArrayList<>();
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(raw)) {
            while (unpacker.hasNext()) {
                Value value = unpacker.unpackValue();
                Map<String, Object> record = toRecord(value);
                if (record == null) {
                    errors.add(pack(value));
                } else {
                    valid.add(record);
                }
            }
        } catch (IOException | MessagePackException e) {
            return malformed();
        }
        return new DecodedPart(Collections.unmodifiableList(valid), Collections.unmodifiableList(errors), false);
    }

    private static DecodedPart malformed() {
        return new DecodedPart(List.of(), List.of(), true);
    }

    /** The record as Java values, or null when TD would count it as an error record. */
    private static Map<String, Object> toRecord(Value value) {
        if (!value.isMapValue()) {
            return null;
        }
        Value[] keysAndValues = value.asMapValue().getKeyValueArray();
        Map<String, Object> record = new LinkedHashMap<>();
        try {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                if (!keysAndValues[i].isStringValue()) {
                    return null;
                }
                record.put(keysAndValues[i].asStringValue().asString(), toJava(keysAndValues[i + 1]));
            }
        } catch (MessagePackException | IllegalArgumentException e) {
            return null;
        }
        return record.get("time") instanceof Long ? record : null;
    }

    /** Long, Double, String, Boolean, byte[], List, Map or null; throws for what a record cannot hold. */
    private static Object toJava(Value v) {
        switch (v.getValueType()) {
            case NIL:
                return null;
            case BOOLEAN:
                return v.asBooleanValue().getBoolean();
            case INTEGER:
                IntegerValue i = v.asIntegerValue();
                if (!i.isInLongRange()) {
                    throw new IllegalArgumentException("integer out of the long range");
                }
                return i.toLong();
            case FLOAT:
                return v.asFloatValue().toDouble();
            case STRING:
                return v.asStringValue().asString();
            case BINARY:
                return v.asBinaryValue().asByteArray();
            case ARRAY:
                List<Object> list = new ArrayList<>();
                for (Value element : v.asArrayValue()) {
                    list.add(toJava(element));
                }
                return Collections.unmodifiableList(list);
            case MAP:
                Map<Object, Object> map = new LinkedHashMap<>();
                Value[] kv = v.asMapValue().getKeyValueArray();
                for (int k = 0; k < kv.length; k += 2) {
                    map.put(toJava(kv[k]), toJava(kv[k + 1]));
                }
                return Collections.unmodifiableMap(map);
            case EXTENSION:
                return v.asExtensionValue().getData();
            default:
                throw new IllegalArgumentException("unexpected msgpack type " + v.getValueType());
        }
    }

    private static byte[] pack(Value value) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packValue(value);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
