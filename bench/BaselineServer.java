import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;

/**
 * The baseline for Stackbox's start-up figures: the smallest Java program that answers HTTP, started with the
 * same JVM options. Its start time and idle memory are the floor any Java server on this machine pays.
 */
public final class BaselineServer {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
