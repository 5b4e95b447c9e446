package com.exotelsip

import com.exotelsip.ffi.AsyncTransport
import com.exotelsip.ffi.FfiTransportException
import com.exotelsip.ffi.TransportResponse
import com.exotelsip.ffi.core.Header
import com.exotelsip.ffi.core.HttpRequest
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.asExecutor
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withTimeout
import java.io.IOException
import java.net.ConnectException
import java.net.HttpURLConnection
import java.net.SocketTimeoutException
import java.net.URI
import java.net.UnknownHostException
import java.net.http.HttpClient
import java.net.http.HttpConnectTimeoutException
import java.net.http.HttpTimeoutException
import java.time.Duration
import java.util.concurrent.CompletionException
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/** One request header. Its `toString` never shows the `Authorization` value. */
class ExotelHeader(val name: String, val value: String) {
    override fun toString(): String =
        if (name.equals("authorization", ignoreCase = true)) "$name: Basic [REDACTED]" else "$name: $value"
}

/**
 * One request for a transport: method, absolute URL (never holding credentials),
 * headers, JSON body and the time left for it. Its `toString` never shows the
 * `Authorization` value, so a transport may log it.
 */
class ExotelRequest internal constructor(
    /** Upper-case HTTP method, e.g. `POST`. */
    val method: String,
    /** Absolute URL with path and query. */
    val url: String,
    /** Headers to send, in order. */
    val headers: List<ExotelHeader>,
    /** JSON body, if any. */
    val body: String?,
    /** Time the exchange may take in all, in milliseconds. */
    val timeoutMs: Long,
) {
    override fun toString(): String =
        "ExotelRequest(method=$method, url=$url, headers=$headers, body=${body?.length ?: 0} chars, timeoutMs=$timeoutMs)"

    internal companion object {
        fun from(r: HttpRequest) = ExotelRequest(
            r.method.name, r.url, r.headers.map { ExotelHeader(it.name, it.value) }, r.body, r.timeoutMs.toLong(),
        )
    }
}

/**
 * An HTTP transport: sends one request, reads the whole response. Every HTTP status
 * is a response; throw a [TransportFailure] when no response was read. A transport
 * must honour [ExotelRequest.timeoutMs], must not follow redirects and should stop
 * when its coroutine is cancelled. Implement it to plug in any HTTP stack.
 */
interface ExotelTransport {
    /** Sends [request] and reads the whole response. */
    suspend fun send(request: ExotelRequest): ExotelResponse
}

/** Why a transport read no response (`Connect`, `Timeout`, `IoAfterSend`, `Cancelled`). */
typealias TransportFailure = FfiTransportException

/** The response a transport returns (status, headers, body as text). */
typealias ExotelResponse = TransportResponse

private val RESTRICTED = setOf("host", "content-length", "connection", "expect", "upgrade")

/**
 * The default transport, on `java.net.http.HttpClient` (non-blocking, HTTP/1.1,
 * redirects never followed). Cancelling the calling coroutine cancels the exchange.
 */
class JavaHttpTransport @JvmOverloads constructor(
    private val client: HttpClient = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build(),
) : ExotelTransport {
    init {
        require(client.followRedirects() == HttpClient.Redirect.NEVER) { "the HttpClient must not follow redirects" }
    }

    override suspend fun send(request: ExotelRequest): TransportResponse {
        val builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url))
            .timeout(Duration.ofMillis(request.timeoutMs.toLong().coerceAtLeast(1)))
        val body = request.body
        val publisher = if (body == null) java.net.http.HttpRequest.BodyPublishers.noBody()
        else java.net.http.HttpRequest.BodyPublishers.ofString(body)
        builder.method(request.method, publisher)
        for (h in request.headers) if (h.name.lowercase() !in RESTRICTED) builder.header(h.name, h.value)
        val response = try {
            val future = client.sendAsync(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
            suspendCancellableCoroutine<java.net.http.HttpResponse<String>> { cont ->
                // cancel(true): the JDK (16+) then aborts the exchange and closes its connection.
                cont.invokeOnCancellation { future.cancel(true) }
                future.whenComplete { value, error -> if (error == null) cont.resume(value) else cont.resumeWithException(error) }
            }
        } catch (e: CancellationException) {
            throw e
        } catch (e: Throwable) {
            throw failure(if (e is CompletionException && e.cause != null) e.cause!! else e)
        }
        val headers = ArrayList<Header>()
        response.headers().map().forEach { (name, values) -> values.forEach { headers.add(Header(name, it)) } }
        return TransportResponse(response.statusCode().toUShort(), headers, response.body() ?: "")
    }

    private fun failure(e: Throwable): TransportFailure = when (e) {
        is HttpConnectTimeoutException -> FfiTransportException.Connect("connect timed out")
        is HttpTimeoutException -> FfiTransportException.Timeout("request timed out")
        is ConnectException, is UnknownHostException -> FfiTransportException.Connect(e.javaClass.simpleName)
        is IOException -> FfiTransportException.IoAfterSend(e.javaClass.simpleName + (e.message?.let { ": $it" } ?: ""))
        else -> FfiTransportException.IoAfterSend(e.javaClass.simpleName)
    }
}

/**
 * A transport on `java.net.HttpURLConnection`: the blocking exchange runs on
 * [Dispatchers.IO]; cancelling the calling coroutine calls `disconnect()`.
 * Redirects are never followed; [ExotelRequest.timeoutMs] is a total deadline.
 * Creating one sets `sun.net.http.retryPost=false` (unless already set) so a POST is
 * never re-sent silently by the JDK.
 */
class UrlConnectionTransport : ExotelTransport {
    companion object {
        init {
            if (System.getProperty("sun.net.http.retryPost") == null) System.setProperty("sun.net.http.retryPost", "false")
        }
    }

    override suspend fun send(request: ExotelRequest): TransportResponse {
        val timeout = request.timeoutMs.toLong().coerceAtLeast(1)
        return try {
            withTimeout(timeout) { exchange(request, timeout.toInt()) }
        } catch (e: TimeoutCancellationException) {
            throw FfiTransportException.Timeout("request timed out after $timeout ms")
        }
    }

    private suspend fun exchange(request: ExotelRequest, timeout: Int): TransportResponse {
        val conn = URI.create(request.url).toURL().openConnection() as HttpURLConnection
        conn.instanceFollowRedirects = false
        conn.connectTimeout = timeout
        conn.readTimeout = timeout
        conn.requestMethod = request.method
        conn.useCaches = false
        for (h in request.headers) if (h.name.lowercase() !in RESTRICTED) conn.setRequestProperty(h.name, h.value)
        return suspendCancellableCoroutine { cont ->
            cont.invokeOnCancellation { conn.disconnect() }
            Dispatchers.IO.asExecutor().execute {
                try {
                    cont.resume(blocking(conn, request))
                } catch (e: Throwable) {
                    cont.resumeWithException(failure(e))
                }
            }
        }
    }

    private fun blocking(conn: HttpURLConnection, request: ExotelRequest): TransportResponse {
        val body = request.body
        try {
            if (body != null && request.method != "GET") {
                conn.doOutput = true
                val bytes = body.toByteArray(Charsets.UTF_8)
                conn.setFixedLengthStreamingMode(bytes.size)
                conn.outputStream.use { it.write(bytes) }
            } else {
                conn.connect()
            }
        } catch (e: ConnectException) {
            throw FfiTransportException.Connect(e.javaClass.simpleName)
        }
        val status = conn.responseCode
        val stream = if (status >= 400) conn.errorStream else try { conn.inputStream } catch (e: IOException) { conn.errorStream }
        val text = stream?.use { String(it.readBytes(), Charsets.UTF_8) } ?: ""
        val headers = ArrayList<Header>()
        conn.headerFields.forEach { (name, values) -> if (name != null) values.forEach { headers.add(Header(name, it)) } }
        return TransportResponse(status.toUShort(), headers, text)
    }

    private fun failure(e: Throwable): Throwable = when (e) {
        is TransportFailure -> e
        is SocketTimeoutException -> FfiTransportException.Timeout("timed out")
        is ConnectException, is UnknownHostException -> FfiTransportException.Connect(e.javaClass.simpleName)
        is IOException -> FfiTransportException.IoAfterSend(e.javaClass.simpleName + (e.message?.let { ": $it" } ?: ""))
        else -> FfiTransportException.IoAfterSend(e.javaClass.simpleName)
    }
}

/** Wraps a user transport: any exception that is not a [TransportFailure] becomes `IoAfterSend`. */
internal class GuardedTransport(private val inner: ExotelTransport) : AsyncTransport {
    override suspend fun send(request: HttpRequest): TransportResponse = try {
        inner.send(ExotelRequest.from(request))
    } catch (e: CancellationException) {
        throw e
    } catch (e: TransportFailure) {
        throw e
    } catch (e: Exception) {
        throw FfiTransportException.IoAfterSend(e.javaClass.simpleName)
    }
}
