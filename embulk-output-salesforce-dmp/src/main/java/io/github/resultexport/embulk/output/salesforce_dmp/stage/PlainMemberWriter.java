package io.github.resultexport.embulk.output.salesforce_dmp.stage;

/** {@code compression: none}: lines go into the part as they are. */
final class PlainMemberWriter implements MemberWriter {
    @Override
    public void write(byte[] lines, int off, int len, PartBuffer part) {
        part.write(lines, off, len);
    }

    @Override
    public void endMember(PartBuffer part) {
    }

    @Override
    public void close() {
    }
}
