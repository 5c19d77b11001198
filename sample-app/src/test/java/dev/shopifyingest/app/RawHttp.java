package dev.shopifyingest.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 as bytes on a socket: requests written out once, answers read with a small incremental
 * parser. For the load drivers, which share two cores with the server they measure and so spend
 * as little as possible per request, and for tests that must hold connections open themselves.
 */
public final class RawHttp {

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] LINE_END = {'\r', '\n'};

    private RawHttp() {
    }

    /** An answer: its status and body (UTF-8). */
    public record Response(int status, String body) {
    }

    /**
     * A request as it goes on the wire, with {@code Host} and, for a body, {@code Content-Length}.
     *
     * @param method  GET or POST
     * @param server  the server's base URL
     * @param path    the request target
     * @param headers other headers, in order
     * @param body    the body, or an empty array
     * @return the bytes
     */
    public static byte[] request(String method, URI server, String path, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(256 + 64 * headers.size());
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(server.getHost()).append(':').append(server.getPort()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body.length > 0 || method.equals("POST")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = Arrays.copyOf(start, start.length + body.length);
        System.arraycopy(body, 0, bytes, start.length, body.length);
        return bytes;
    }

    /** The server's socket address. */
    public static InetSocketAddress address(URI server) {
        return new InetSocketAddress(server.getHost(), server.getPort());
    }

    /**
     * Reads one answer from bytes as they arrive: a status line, headers, and a body framed by
     * {@code Content-Length} or chunked transfer coding. Reusable: {@link #reset} between answers.
     */
    public static final class ResponseReader {
        private byte[] buffer = new byte[4096];
        private int length;
        private int bodyStart = -1;
        private int status;
        private long contentLength = -1;
        private boolean chunked;
        private boolean closeAfter;
        private Response response;

        /**
         * Takes the next bytes of the answer.
         *
         * @return true once the answer is complete
         * @throws IOException if the bytes are not an HTTP/1.1 answer
         */
        public boolean feed(byte[] bytes, int offset, int count) throws IOException {
            if (length + count > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
            }
            System.arraycopy(bytes, offset, buffer, length, count);
            length += count;
            if (bodyStart < 0 && !readHead()) {
                return false;
            }
            return readBody();
        }

        /** The complete answer. */
        public Response response() {
            return response;
        }

        /** Whether the server said it closes the connection after this answer. */
        public boolean closeAfter() {
            return closeAfter;
        }

        /** Forgets the answer read, for the next one on the same connection. */
        public void reset() {
            length = 0;
            bodyStart = -1;
            status = 0;
            contentLength = -1;
            chunked = false;
            closeAfter = false;
            response = null;
        }

        private boolean readHead() throws IOException {
            int end = indexOf(HEAD_END, 0);
            if (end < 0) {
                return false;
            }
            String[] lines = new String(buffer, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            if (!lines[0].startsWith("HTTP/1.1 ") || lines[0].length() < 12) {
                throw new IOException("Not an HTTP/1.1 answer: " + lines[0]);
            }
            status = Integer.parseInt(lines[0].substring(9, 12));
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            bodyStart = end + HEAD_END.length;
            return true;
        }

        private boolean readBody() throws IOException {
            if (chunked) {
                return readChunks();
            }
            long expected = contentLength < 0 ? 0 : contentLength;
            if (length - bodyStart < expected) {
                return false;
            }
            response = new Response(status, new String(buffer, bodyStart, (int) expected, StandardCharsets.UTF_8));
            return true;
        }

        private boolean readChunks() throws IOException {
            StringBuilder body = new StringBuilder();
            int at = bodyStart;
            while (true) {
                int lineEnd = indexOf(LINE_END, at);
                if (lineEnd < 0) {
                    return false;
                }
                String sizeLine = new String(buffer, at, lineEnd - at, StandardCharsets.ISO_8859_1);
                int semicolon = sizeLine.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("Bad chunk size: " + sizeLine);
                }
                int dataStart = lineEnd + 2;
                if (size == 0) {
                    // No trailers from the servers measured: the last chunk ends with one more CRLF.
                    if (length < dataStart + 2) {
                        return false;
                    }
                    response = new Response(status, body.toString());
                    return true;
                }
                if (length < dataStart + size + 2) {
                    return false;
                }
                body.append(new String(buffer, dataStart, size, StandardCharsets.UTF_8));
                at = dataStart + size + 2;
            }
        }

        private int indexOf(byte[] pattern, int from) {
            outer:
            for (int i = from; i <= length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (buffer[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /** A blocking keep-alive connection for one client at a time; reconnects when the server closed it. */
    public static final class Connection implements AutoCloseable {
        private final InetSocketAddress address;
        private final ResponseReader reader = new ResponseReader();
        private final byte[] chunk = new byte[8192];
        private Socket socket;

        public Connection(URI server) {
            this.address = address(server);
        }

        /**
         * Sends a request and reads its answer.
         *
         * @param request the request's bytes
         * @return the answer
         * @throws IOException if the connection fails or the answer is cut short
         */
        public Response exchange(byte[] request) throws IOException {
            if (socket == null || socket.isClosed()) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                socket.connect(address, 10_000);
            }
            try {
                socket.getOutputStream().write(request);
                InputStream in = socket.getInputStream();
                reader.reset();
                while (true) {
                    int read = in.read(chunk);
                    if (read < 0) {
                        throw new IOException("The server closed the connection before answering");
                    }
                    if (reader.feed(chunk, 0, read)) {
                        Response response = reader.response();
                        if (reader.closeAfter()) {
                            close();
                        }
                        return response;
                    }
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        /** Closes the socket, if open; the next exchange opens a new one. */
        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a broken connection
                }
                socket = null;
            }
        }
    }
}
