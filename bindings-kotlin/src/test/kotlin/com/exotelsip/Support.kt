package com.exotelsip

import java.io.BufferedReader
import java.io.InputStreamReader
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Paths

/** A tiny JSON reader for the tests (objects → Map, arrays → List, numbers → Double/Long). */
object Json {
    fun parse(text: String): Any? = Parser(text).run { val v = value(); ws(); require(i == s.length) { "trailing JSON" }; v }

    private class Parser(val s: String) {
        var i = 0
        fun ws() { while (i < s.length && s[i].isWhitespace()) i++ }
        fun value(): Any? {
            ws()
            return when (val c = s[i]) {
                '{' -> obj()
                '[' -> arr()
                '"' -> str()
                't' -> { i += 4; true }
                'f' -> { i += 5; false }
                'n' -> { i += 4; null }
                else -> { val st = i; while (i < s.length && (s[i] in "+-.eE" || s[i].isDigit())) i++
                    val t = s.substring(st, i); require(t.isNotEmpty()) { "bad JSON at $st: $c" }
                    if (t.any { it in ".eE" }) t.toDouble() else t.toLong() }
            }
        }
        fun obj(): Map<String, Any?> {
            i++; val m = LinkedHashMap<String, Any?>(); ws()
            if (s[i] == '}') { i++; return m }
            while (true) { ws(); val k = str(); ws(); check(s[i++] == ':'); m[k] = value(); ws(); if (s[i++] == '}') return m }
        }
        fun arr(): List<Any?> {
            i++; val l = ArrayList<Any?>(); ws()
            if (s[i] == ']') { i++; return l }
            while (true) { l.add(value()); ws(); if (s[i++] == ']') return l }
        }
        fun str(): String {
            check(s[i++] == '"'); val b = StringBuilder()
            while (true) {
                val c = s[i++]
                when (c) {
                    '"' -> return b.toString()
                    '\\' -> when (val e = s[i++]) {
                        'n' -> b.append('\n'); 't' -> b.append('\t'); 'r' -> b.append('\r'); 'b' -> b.append('\b'); 'f' -> b.append('\u000c')
                        'u' -> { b.append(s.substring(i, i + 4).toInt(16).toChar()); i += 4 }
                        else -> b.append(e)
                    }
                    else -> b.append(c)
                }
            }
        }
    }

    fun write(v: Any?): String = when (v) {
        null -> "null"
        is String -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\""
        is Map<*, *> -> v.entries.joinToString(",", "{", "}") { write(it.key as String) + ":" + write(it.value) }
        is List<*> -> v.joinToString(",", "[", "]") { write(it) }
        else -> v.toString()
    }
}

/** The sandbox server binary on an ephemeral loopback port. */
class SandboxServer : AutoCloseable {
    private val process: Process
    val url: String
    private val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()

    init {
        val bin = System.getenv("EXOTEL_SIP_SANDBOX_BIN") ?: error("EXOTEL_SIP_SANDBOX_BIN is not set")
        process = ProcessBuilder(bin, "--port", "0").redirectError(ProcessBuilder.Redirect.DISCARD).start()
        val line = BufferedReader(InputStreamReader(process.inputStream)).readLine() ?: error("sandbox did not start")
        url = line.removePrefix("listening on ").trim()
    }

    fun control(method: String, path: String, body: Any? = null): Any? {
        val pub = if (body == null) HttpRequest.BodyPublishers.noBody() else HttpRequest.BodyPublishers.ofString(Json.write(body))
        val req = HttpRequest.newBuilder(URI.create("$url/__sandbox/$path")).method(method, pub)
            .header("Content-Type", "application/json").build()
        val res = http.send(req, HttpResponse.BodyHandlers.ofString())
        check(res.statusCode() in 200..299) { "control $method $path: ${res.statusCode()} ${res.body()}" }
        return if (res.body().isBlank()) null else Json.parse(res.body())
    }

    fun reset() { control("POST", "reset"); control("PUT", "limits", mapOf("rpm" to 0, "concurrency" to 0)) }

    fun fault(path: String, fault: Map<String, Any?>, method: String = "*", times: Int = 1) {
        control("POST", "faults", mapOf("method" to method, "path" to path, "fault" to fault, "times" to times))
    }

    @Suppress("UNCHECKED_CAST")
    fun requests(): List<Map<String, Any?>> = (control("GET", "requests") as Map<String, Any?>)["requests"] as List<Map<String, Any?>>

    fun client(transport: ExotelTransport? = null, token: String = "sandbox_token", listener: ExotelEventListener? = null,
               retry: com.exotelsip.ffi.core.RetryPolicy? = retryPolicy(3, 10, 50), timeoutMs: Int? = null) =
        ExotelClient("sandbox_key", token, "ameyo5m", baseUrl = url, retry = retry, rateLimit = rateLimit(0, 0, 0),
            transport = transport, listener = listener, timeoutMs = timeoutMs, env = emptyMap())

    override fun close() { process.destroy(); process.waitFor() }
}

/** The two built-in transports, by name. */
fun transports(): List<Pair<String, () -> ExotelTransport>> =
    listOf("java.net.http" to { JavaHttpTransport() }, "HttpURLConnection" to { UrlConnectionTransport() })

fun vectorsDir() = Paths.get(System.getenv("EXOTEL_SIP_VECTORS") ?: error("EXOTEL_SIP_VECTORS is not set"))
fun readText(p: java.nio.file.Path) = String(Files.readAllBytes(p), Charsets.UTF_8)

/** Runs [block] and returns the [T] it throws (fails the test otherwise). */
inline fun <reified T : Throwable> expectThrows(block: () -> Unit): T {
    try {
        block()
    } catch (e: Throwable) {
        if (e is T) return e
        throw AssertionError("expected ${T::class.java.simpleName}, got $e", e)
    }
    throw AssertionError("expected ${T::class.java.simpleName}, nothing was thrown")
}
