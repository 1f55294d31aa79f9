package io.leadscore.batch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet file in memory: written once through {@link #create}, then read back through {@link #input()}. */
final class MemoryFile implements OutputFile {
    /** The bytes written, readable in place. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(1 << 16);
        }

        byte[] array() {
            return buf;
        }
    }

    /** The bytes read back, with a settable position. */
    private static final class Reading extends ByteArrayInputStream {
        Reading(byte[] bytes, int length) {
            super(bytes, 0, length);
        }

        long position() {
            return pos;
        }

        void position(long p) {
            pos = (int) Math.min(p, count);
        }
    }

    private final Bytes bytes = new Bytes();

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return new DelegatingPositionOutputStream(bytes) {
            @Override
            public long getPos() {
                return bytes.size();
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        bytes.reset();
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    /** The file as written, to read from the start. */
    SeekableInputStream input() {
        Reading in = new Reading(bytes.array(), bytes.size());
        return new DelegatingSeekableInputStream(in) {
            @Override
            public long getPos() {
                return in.position();
            }

            @Override
            public void seek(long newPos) {
                in.position(newPos);
            }
        };
    }
}
