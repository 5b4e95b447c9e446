package com.exotelsip;

import static org.junit.jupiter.api.Assertions.*;

import com.exotelsip.ffi.BulkPhoneNumber;
import com.exotelsip.ffi.BulkWhitelistedIp;
import com.exotelsip.ffi.PhoneNumberOutcome;
import com.exotelsip.ffi.WhitelistedIpOutcome;
import com.exotelsip.ffi.core.Mode;
import com.exotelsip.ffi.core.SettingInput;
import com.exotelsip.ffi.core.PhoneNumber;
import com.exotelsip.ffi.core.Trunk;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JavaFacadeTest {
    static SandboxServer server;

    @BeforeAll static void start() { server = new SandboxServer(); server.reset(); }
    @AfterAll static void stop() { server.close(); }

    private static ExotelJava client() {
        return new ExotelJava(new ExotelClient("sandbox_key", "sandbox_token", "ameyo5m", null, server.getUrl(),
                null, null, ExotelClientKt.rateLimit(0, 0, 0), null, null, null, Collections.emptyMap()));
    }

    @Test void blockingAndFutures() throws Exception {
        try (ExotelJava c = client()) {
            Trunk trunk = c.createTrunk("java_trunk");
            assertTrue(trunk.getTrunkSid().startsWith("tr"));
            CompletableFuture<PhoneNumber> f = c.mapPhoneNumberAsync(trunk.getTrunkSid(), "+919876543210", Mode.Pstn.INSTANCE);
            assertEquals("+919876543210", f.get().getPhoneNumber());
            // A lazy Iterable over every item of every page.
            List<PhoneNumber> all = new ArrayList<>();
            for (PhoneNumber n : c.listPhoneNumbers(trunk.getTrunkSid())) all.add(n);
            assertEquals(1, all.size());
            assertEquals(1, c.phoneNumbersPageAsync(trunk.getTrunkSid()).get().getItems().size());
            assertEquals(trunk.getTrunkSid(), c.deleteTrunk(trunk.getTrunkSid()).getTrunkSid());
        }
    }

    @Test void everyCallAlsoAsAFuture() throws Exception {
        server.reset();
        try (ExotelJava c = client()) {
            String sid = c.createTrunkAsync("java_futures").get().getTrunkSid();
            assertTrue(c.ensurePhoneNumberAsync(sid, "+919876543211", Mode.Flow.INSTANCE).get().getCreated());
            assertFalse(c.ensurePhoneNumberAsync(sid, "+919876543211", Mode.Flow.INSTANCE).get().getCreated());
            assertTrue(c.ensureWhitelistedIpAsync(sid, "203.0.113.10").get().getCreated());
            assertEquals(1, c.whitelistedIpsPageAsync(sid).get().getItems().size());
            assertEquals(1, c.ensureDestinationsAsync(sid, List.of("203.0.113.10:5060")).get().size());
            assertEquals(1, c.destinationsPageAsync(sid).get().getItems().size());
            List<BulkPhoneNumber> mapped = c.mapPhoneNumbersAsync(sid, List.of("+919876543211", "+919876543212"), null, 2).get();
            assertTrue(mapped.get(0).getOutcome() instanceof PhoneNumberOutcome.Existed, mapped.toString());
            assertTrue(mapped.get(1).getOutcome() instanceof PhoneNumberOutcome.Created, mapped.toString());
            List<BulkWhitelistedIp> ips = c.whitelistIpsAsync(sid, List.of("203.0.113.11"), null, 1).get();
            assertTrue(ips.get(0).getOutcome() instanceof WhitelistedIpOutcome.Created, ips.toString());
            assertEquals(2, c.phoneNumbersPageAsync(sid, null, null).get().getItems().size());
            assertEquals(1, c.whitelistedIpsPage(sid, 1, 1).getItems().size());
            assertEquals(1, c.destinationsPageAsync(sid, null, 50).get().getItems().size());
            assertEquals(1, c.setCallerIdAliasAsync(sid, "+919876543211").get().getItems().size());
            assertEquals("+919876543212", c.setTrunkSettingsAsync(sid,
                List.of(new SettingInput("trunk_external_alias", "+919876543212"))).get().getItems().get(0).getValue());
            assertFalse(c.getTrunkCredentialsAsync(sid).get().isEmpty());
            assertFalse(c.ensureTrunkAsync("java_futures", null, null, sid).get().getCreated());
        }
    }

    @Test void cancellingAFutureClosesTheConnection() throws Exception {
        server.reset();
        server.fault("/v2/accounts/ameyo5m/trunks", Map.of("type", "latency", "ms", 3000), "POST", 1);
        try (ExotelJava c = client()) {
            CompletableFuture<Trunk> f = c.createTrunkAsync("slow_java");
            Thread.sleep(400);
            assertTrue(f.cancel(true));
            long deadline = System.currentTimeMillis() + 2500;
            boolean closed = false;
            while (!closed && System.currentTimeMillis() < deadline) {
                closed = server.requests().stream().anyMatch(r -> "client_closed".equals(r.get("delivery")));
                if (!closed) Thread.sleep(50);
            }
            assertTrue(closed, "the sandbox did not see the client close the connection");
        }
    }

    @Test void errorsAreTyped() {
        try (ExotelJava c = client()) {
            assertThrows(ValidationException.class, () -> c.mapPhoneNumber("trabc", "12", null));
            ExecutionException e = assertThrows(ExecutionException.class, () -> c.phoneNumbersPageAsync("trdoesnotexist").get());
            assertTrue(e.getCause() instanceof NotFoundException, e.getCause().toString());
            ExotelException base = assertThrows(ExotelException.class, () -> c.createTrunk(""));
            assertEquals(com.exotelsip.ffi.core.ErrorKind.VALIDATION, base.getKind());
            assertEquals("validation", base.getKindName());
        }
    }
}
