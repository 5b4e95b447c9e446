// Per-call overhead of the SDK (Rust core through UniFFI + java.net.http transport)
// against java.net.http with hand parsing, both against the sandbox server.
// Figures only, not a timed test. Same environment variables as Quickstart.kt.
import com.exotelsip.ExotelClient
import com.exotelsip.ExotelResponse
import com.exotelsip.ExotelTransport
import com.exotelsip.rateLimit
import com.exotelsip.ffi.core.Mode
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.Base64

object Benchmark {
    @JvmStatic
    fun main(args: Array<String>) = runBlocking {
        val n = args.firstOrNull()?.toInt() ?: 300
        val env = System.getenv()
        val base = env.getValue("EXOTEL_BASE_URL")
        val sid = env.getValue("EXOTEL_ACCOUNT_SID")
        val auth = "Basic " + Base64.getEncoder().encodeToString("${env.getValue("EXOTEL_API_KEY")}:${env.getValue("EXOTEL_API_TOKEN")}".toByteArray())
        ExotelClient(rateLimit = rateLimit(0, 0, 0)).use { client ->
            val trunk = client.createTrunk("bench").trunkSid
            client.mapPhoneNumber(trunk, "+919811112222")
            val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build()
            val url = "$base/v2/accounts/$sid/trunks/$trunk/phone-numbers"
            fun raw(): Int {
                val req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).header("Accept", "application/json").GET().build()
                val body = http.send(req, HttpResponse.BodyHandlers.ofString()).body()
                // Hand parsing: count the phone numbers in the envelope.
                return Regex("\"phone_number\"\\s*:\\s*\"").findAll(body).count()
            }
            repeat(50) { raw(); client.phoneNumbersPage(trunk) } // warm-up (JIT, connections)
            var t = System.nanoTime()
            repeat(n) { check(raw() == 1) }
            val rawUs = (System.nanoTime() - t) / 1000.0 / n
            t = System.nanoTime()
            repeat(n) { check(client.phoneNumbersPage(trunk).items.size == 1) }
            val sdkUs = (System.nanoTime() - t) / 1000.0 / n
            println("benchmark: list_phone_numbers x$n against the sandbox server")
            println("  java.net.http + hand parsing: %.0f µs/call".format(rawUs))
            println("  exotel-sip SDK (java.net.http transport): %.0f µs/call (overhead %+.0f µs/call)".format(sdkUs, sdkUs - rawUs))
            // The SDK alone (core + FFI + coroutines), with a transport that answers from memory.
            val canned = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()
            val memory = object : ExotelTransport {
                override suspend fun send(request: com.exotelsip.ExotelRequest) = ExotelResponse(200u, emptyList(), canned)
            }
            ExotelClient(rateLimit = rateLimit(0, 0, 0), transport = memory).use { c ->
                repeat(50) { c.phoneNumbersPage(trunk) }
                t = System.nanoTime()
                repeat(n) { check(c.phoneNumbersPage(trunk).items.size == 1) }
                println("  exotel-sip SDK, in-memory transport (no network): %.0f µs/call".format((System.nanoTime() - t) / 1000.0 / n))
            }
            // The PSTN + StreamKit setup with the default limits (the governor on): a fresh client each run.
            val reset = HttpRequest.newBuilder(URI.create("$base/__sandbox/reset")).POST(HttpRequest.BodyPublishers.noBody()).build()
            val setups = (0 until 7).map {
                http.send(reset, HttpResponse.BodyHandlers.discarding())
                val t0 = System.nanoTime()
                ExotelClient().use { c ->
                    val pbx = c.ensureTrunk("pbx_trunk").trunkSid
                    c.ensurePhoneNumber(pbx, "+919876543210", Mode.Pstn)
                    c.ensureWhitelistedIp(pbx, "203.0.113.10")
                    c.ensureDestinations(pbx, listOf("203.0.113.10:5061;transport=tls", "sip:pbx.example.com:5060"))
                    c.setCallerIdAlias(pbx, "+919876543210")
                    check(c.listPhoneNumbers(pbx).toList().size == 1)
                    val bot = c.ensureTrunk("bot_trunk").trunkSid
                    c.ensurePhoneNumber(bot, "+918047091234", Mode.Flow)
                    c.ensureWhitelistedIp(bot, "198.51.100.20")
                }
                (System.nanoTime() - t0) / 1e6
            }.sorted()
            println("  PSTN + StreamKit setup, default rate limits: %.1f ms (median of 7; goal <= 100 ms)".format(setups[3]))
        }
    }
}
