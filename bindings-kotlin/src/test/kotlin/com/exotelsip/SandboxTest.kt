package com.exotelsip

import com.exotelsip.ffi.core.Event
import com.exotelsip.ffi.core.Mode
import com.exotelsip.ffi.PhoneNumberOutcome
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import java.util.Base64
import java.util.concurrent.CopyOnWriteArrayList

const val PBX_IP = "203.0.113.10"
const val BOT_IP = "198.51.100.7"
const val NUMBERS = "/v2/accounts/ameyo5m/trunks/*/phone-numbers"

class SandboxTest {
    companion object {
        lateinit var server: SandboxServer
        @JvmStatic @BeforeAll fun start() { server = SandboxServer() }
        @JvmStatic @AfterAll fun stop() { server.close() }
    }

    @BeforeEach fun reset() = server.reset()

    private suspend fun pstnFlow(client: ExotelClient) {
        val trunk = client.createTrunk("pstn_trunk")
        val sid = trunk.trunkSid
        assertTrue(sid.startsWith("tr"), sid)
        val number = client.mapPhoneNumber(sid, "+919876543210", Mode.Pstn)
        assertEquals("pstn", number.mode.wireName())
        val ip = client.whitelistIp(sid, PBX_IP)
        assertEquals(PBX_IP, ip.ip)
        val added = client.addDestinations(sid, listOf("$PBX_IP:5061;transport=tls", "sip:pbx.example.com:5060;transport=tcp"))
        assertEquals(listOf("sip:$PBX_IP:5061;transport=tls", "sip:pbx.example.com:5060;transport=tcp"), added.items.map { it.destination })
        val alias = client.setCallerIdAlias(sid, "+919876543210")
        assertEquals("+919876543210", alias.items[0].value)
        assertEquals(listOf("+919876543210"), client.listPhoneNumbers(sid).toList().map { it.phoneNumber })
        assertEquals(listOf(PBX_IP), client.listWhitelistedIps(sid).toList().map { it.ip })
        assertEquals(2, client.listDestinations(sid, pageSize = 1).toList().size) // two pages
        assertTrue(client.getTrunkCredentials(sid).isNotEmpty())
    }

    private suspend fun streamKitFlow(client: ExotelClient) {
        val sid = client.createTrunk("bot_trunk").trunkSid
        val number = client.mapPhoneNumber(sid, "+919876500001", Mode.Flow)
        assertEquals("flow", number.mode.wireName())
        client.whitelistIp(sid, BOT_IP, mask = 32)
        val switched = client.updatePhoneNumberMode(sid, number.id, number.phoneNumber, Mode.Pstn)
        assertEquals("pstn", switched.mode.wireName())
        assertEquals(sid, client.deleteTrunk(sid).trunkSid)
        val e = expectThrows<NotFoundException> { client.listPhoneNumbers(sid).toList() }
        assertTrue(e.status == 403 || e.status == 404)
    }

    @TestFactory fun pstnAndStreamKitFlows() = transports().flatMap { (name, make) ->
        listOf(
            DynamicTest.dynamicTest("PSTN over $name") { runBlocking { server.reset(); server.client(make()).use { pstnFlow(it) } } },
            DynamicTest.dynamicTest("StreamKit over $name") { runBlocking { server.reset(); server.client(make()).use { streamKitFlow(it) } } },
        )
    }

    @Test fun ensureAndBulk() = runBlocking {
        server.client().use { c ->
            val t = c.ensureTrunk("ensure_trunk")
            assertTrue(t.created)
            assertFalse(c.ensureTrunk("ensure_trunk", recordedSid = t.trunkSid).created)
            assertTrue(c.ensurePhoneNumber(t.trunkSid, "+919800000001", Mode.Pstn).created)
            assertFalse(c.ensurePhoneNumber(t.trunkSid, "+919800000001", Mode.Pstn).created)
            assertTrue(c.ensureWhitelistedIp(t.trunkSid, PBX_IP).created)
            assertFalse(c.ensureWhitelistedIp(t.trunkSid, PBX_IP).created)
            assertEquals(listOf(true), c.ensureDestinations(t.trunkSid, listOf("sip:a.example.com:5060")).map { it.created })
            assertEquals(listOf(false), c.ensureDestinations(t.trunkSid, listOf("sip:a.example.com:5060")).map { it.created })
            val bulk = c.mapPhoneNumbers(t.trunkSid, listOf("+919800000001", "+919800000002", "not-a-number"), Mode.Pstn, concurrency = 2)
            assertTrue(bulk[0].outcome is PhoneNumberOutcome.Existed)
            assertTrue(bulk[1].outcome is PhoneNumberOutcome.Created)
            assertTrue((bulk[2].outcome as PhoneNumberOutcome.Failed).error is com.exotelsip.ffi.core.Exception.Validation)
            val ips = c.whitelistIps(t.trunkSid, listOf(PBX_IP, BOT_IP))
            assertEquals(listOf(0, 1), ips.map { it.index.toInt() })
        }
    }

    @Test fun fiftyConcurrentCoroutines() = runBlocking {
        server.client().use { c ->
            val sids = (1..50).map { i -> async { c.createTrunk("t_$i").trunkSid } }.awaitAll()
            assertEquals(50, sids.toSet().size)
        }
    }

    @TestFactory fun faultMatrix(): List<DynamicTest> {
        // (fault, method, expected): null = the call succeeds after a retry.
        val matrix: List<Triple<Map<String, Any?>, String, Class<out ExotelException>?>> = listOf(
            Triple(mapOf("type" to "status", "status" to 503), "GET", null),
            Triple(mapOf("type" to "rate_limit", "retry_after" to 0), "GET", null),
            Triple(mapOf("type" to "html"), "GET", null),
            Triple(mapOf("type" to "truncated"), "GET", null),
            Triple(mapOf("type" to "non_envelope"), "GET", null),
            Triple(mapOf("type" to "drop"), "GET", null),
            Triple(mapOf("type" to "lost"), "GET", null),
            Triple(mapOf("type" to "status", "status" to 503), "POST", ApiException::class.java),
            Triple(mapOf("type" to "status", "status" to 500, "code" to 1001), "POST", ApiException::class.java),
            Triple(mapOf("type" to "rate_limit", "retry_after" to 0), "POST", null),
            Triple(mapOf("type" to "html"), "POST", DecodeException::class.java),
            Triple(mapOf("type" to "truncated"), "POST", DecodeException::class.java),
            Triple(mapOf("type" to "non_envelope"), "POST", DecodeException::class.java),
            Triple(mapOf("type" to "drop"), "POST", TransportException::class.java),
            Triple(mapOf("type" to "lost"), "POST", TransportException::class.java),
        )
        return transports().flatMap { (name, make) ->
            matrix.map { (fault, method, expected) ->
                DynamicTest.dynamicTest("$name $method ${fault["type"]} ${fault["status"] ?: ""}") {
                    runBlocking {
                        server.reset()
                        val events = CopyOnWriteArrayList<Event>()
                        server.client(make(), listener = { events.add(it) }).use { c ->
                            val sid = c.createTrunk("faults").trunkSid
                            server.fault(NUMBERS, fault, method)
                            server.control("DELETE", "requests")
                            val op: suspend () -> Unit = if (method == "GET") ({ c.listPhoneNumbers(sid).toList() })
                            else ({ c.mapPhoneNumber(sid, "+919800000042", Mode.Pstn) })
                            if (expected == null) {
                                op()
                                val attempts = server.requests().filter { it["method"] == method }
                                assertTrue(attempts.size >= 2, attempts.toString())
                                // A GET whose connection closes without a byte is re-sent by the JDK's own
                                // clients (a stale pooled connection looks the same), before the core sees it.
                                if (fault["type"] !in setOf("drop", "lost")) assertTrue(events.any { it is Event.Retry }, "no Retry event: $events")
                            } else {
                                val e = try { op(); null } catch (e: ExotelException) { e }
                                assertNotNull(e, "expected ${expected.simpleName}")
                                assertTrue(expected.isInstance(e), "got $e")
                                val attempts = server.requests().filter { it["method"] == method }
                                assertEquals(1, attempts.size, attempts.toString())
                            }
                        }
                    }
                }
            }
        }
    }

    @TestFactory fun cancellationClosesTheConnection() = transports().map { (name, make) ->
        DynamicTest.dynamicTest("cancel over $name") {
            runBlocking {
                server.reset()
                server.fault("/v2/accounts/ameyo5m/trunks", mapOf("type" to "latency", "ms" to 3000), "POST")
                server.client(make()).use { c ->
                    val started = System.nanoTime()
                    val job = launch { c.createTrunk("slow") }
                    delay(400)
                    job.cancel()
                    job.join()
                    assertTrue(System.nanoTime() - started < 2_500_000_000L, "cancel did not stop the call promptly")
                    withTimeout(2500) {
                        while (server.requests().none { it["delivery"] == "client_closed" }) delay(50)
                    }
                }
            }
        }
    }

    @Test fun ensureAndBulkTakePerCallOptions() = runBlocking {
        server.client().use { c ->
            val t = c.createTrunk("per_call_options")
            c.mapPhoneNumber(t.trunkSid, "+919800000044")
            // The number exists, so ensure lists; the listing gets the per-call deadline.
            server.fault(NUMBERS, mapOf("type" to "latency", "ms" to 2000), "GET")
            val e = expectThrows<ExotelException> {
                c.ensurePhoneNumber(t.trunkSid, "+919800000044", options = callOptions(timeoutMs = 300, retry = retryPolicy(1)))
            }
            assertTrue(e is RequestTimeoutException || (e is TransportException && e.transportKind.name == "TIMEOUT"), e.toString())
            // One attempt allowed: the listing's 503 is the item's failure; by default it is retried.
            server.fault(NUMBERS, mapOf("type" to "status", "status" to 503), "GET")
            val once = c.mapPhoneNumbers(t.trunkSid, listOf("+919800000044"), options = callOptions(retry = retryPolicy(1)))
            assertTrue((once[0].outcome as PhoneNumberOutcome.Failed).error is com.exotelsip.ffi.core.Exception.Api, once.toString())
            server.fault(NUMBERS, mapOf("type" to "status", "status" to 503), "GET")
            val retried = c.mapPhoneNumbers(t.trunkSid, listOf("+919800000044"))
            assertTrue(retried[0].outcome is PhoneNumberOutcome.Existed, retried.toString())
        }
    }

    @Test fun timeoutIsRequestTimeout() = runBlocking {
        server.fault(NUMBERS, mapOf("type" to "latency", "ms" to 2000), "GET", times = 5)
        server.client(timeoutMs = 300, retry = retryPolicy(1)).use { c ->
            val e = expectThrows<ExotelException> { c.listPhoneNumbers("trabc").toList() }
            assertTrue(e is RequestTimeoutException || (e is TransportException && e.transportKind.name == "TIMEOUT"), e.toString())
        }
    }

    @Test fun secretsNeverShow() = runBlocking {
        val token = "s3cr3t_token_value"
        val basic = Base64.getEncoder().encodeToString("sandbox_key:$token".toByteArray())
        val seen = CopyOnWriteArrayList<Event>()
        val shown = ArrayList<String>()
        server.client(token = token, listener = { seen.add(it) }).use { c ->
            shown += c.toString()
            val e = expectThrows<AuthenticationException> { c.createTrunk("x") }
            shown += e.toString(); shown += e.message ?: ""; shown += e.stackTraceToString()
            val v = expectThrows<ValidationException> { c.mapPhoneNumber("trabc", token) }
            shown += v.toString(); shown += v.stackTraceToString()
        }
        assertTrue(seen.isNotEmpty())
        shown += seen.map { it.toString() }
        for (s in shown) {
            assertFalse(s.contains(token), s)
            assertFalse(s.contains(basic), s)
        }
    }

    @Test fun sharedRateLimiter() = runBlocking {
        server.client().use { a ->
            ExotelClient("sandbox_key", "sandbox_token", "ameyo5m", baseUrl = server.url, rateLimiter = a.rateLimiter, env = emptyMap()).use { b ->
                assertEquals(a.rateLimiter.limit(), b.rateLimiter.limit())
                assertEquals(0, b.rateLimiter.limit().requestsPerMinute.toInt())
                b.createTrunk("shared")
            }
        }
        Unit
    }

    @Test fun configurationFromEnvironment() {
        val env = mapOf("EXOTEL_API_KEY" to "k", "EXOTEL_API_TOKEN" to "t", "EXOTEL_ACCOUNT_SID" to "acc", "EXOTEL_REGION" to "mumbai")
        ExotelClient(env = env).use { assertEquals("https://api.in.exotel.com", it.baseUrl); assertEquals("acc", it.accountSid) }
        ExotelClient(env = env + ("EXOTEL_BASE_URL" to server.url)).use { assertEquals(server.url, it.baseUrl) }
        expectThrows<ValidationException> { ExotelClient(env = emptyMap()) }
        expectThrows<ValidationException> { ExotelClient("k", "t", "acc", baseUrl = "http://example.com", env = emptyMap()) }
    }

    @Test fun customTransportPlugsIn() = runBlocking {
        val calls = CopyOnWriteArrayList<String>()
        val shown = CopyOnWriteArrayList<String>()
        val inner = JavaHttpTransport()
        val custom = object : ExotelTransport {
            override suspend fun send(request: ExotelRequest): ExotelResponse {
                calls.add(request.method); shown.add(request.toString()); return inner.send(request)
            }
        }
        server.client(custom).use { c -> c.createTrunk("custom") }
        assertEquals(listOf("POST"), calls)
        // A transport may log its request: the Authorization value never shows.
        assertTrue(shown.single().contains("Basic [REDACTED]"), shown.single())
        assertFalse(shown.single().contains("sandbox_token"))
        assertFalse(shown.single().contains("c2FuZGJveF9rZXk6c2FuZGJveF90b2tlbg=="))
        val broken = object : ExotelTransport {
            override suspend fun send(request: ExotelRequest): ExotelResponse = throw IllegalStateException("boom")
        }
        server.client(broken, retry = retryPolicy(1)).use { c ->
            expectThrows<TransportException> { c.createTrunk("x") }
        }
        Unit
    }
}
