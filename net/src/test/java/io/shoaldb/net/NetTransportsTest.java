package io.shoaldb.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

class NetTransportsTest {

    @Test
    void linuxUsesTheNativeEpollTransport() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (os.equals("Linux") && (arch.equals("amd64") || arch.equals("aarch64"))) {
            assertEquals("epoll", NetTransports.name(),
                    "the native epoll library ships for this platform but did not load: " + Epoll.unavailabilityCause());
        } else {
            assertEquals("nio", NetTransports.name());
        }
    }
}
