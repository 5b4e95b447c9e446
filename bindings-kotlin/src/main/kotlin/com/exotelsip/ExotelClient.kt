package com.exotelsip

import com.exotelsip.ffi.AsyncExotelClient
import com.exotelsip.ffi.BulkPhoneNumber
import com.exotelsip.ffi.BulkWhitelistedIp
import com.exotelsip.ffi.ClientSettings
import com.exotelsip.ffi.Credentials
import com.exotelsip.ffi.DestinationBatch
import com.exotelsip.ffi.DestinationUriPage
import com.exotelsip.ffi.EnsuredDestination
import com.exotelsip.ffi.EnsuredPhoneNumber
import com.exotelsip.ffi.EnsuredWhitelistedIp
import com.exotelsip.ffi.EventListener
import com.exotelsip.ffi.PhoneNumberPage
import com.exotelsip.ffi.RateLimiter
import com.exotelsip.ffi.SettingBatch
import com.exotelsip.ffi.WhitelistedIpPage
import com.exotelsip.ffi.core.AddDestinations
import com.exotelsip.ffi.core.CallOptions
import com.exotelsip.ffi.core.CreateTrunk
import com.exotelsip.ffi.core.DeletedTrunk
import com.exotelsip.ffi.core.DestinationUri
import com.exotelsip.ffi.core.EnsuredTrunk
import com.exotelsip.ffi.core.Event
import com.exotelsip.ffi.core.ListQuery
import com.exotelsip.ffi.core.MapPhoneNumber
import com.exotelsip.ffi.core.Mode
import com.exotelsip.ffi.core.PageMetadata
import com.exotelsip.ffi.core.PhoneNumber
import com.exotelsip.ffi.core.RateLimit
import com.exotelsip.ffi.core.Region
import com.exotelsip.ffi.core.RetryPolicy
import com.exotelsip.ffi.core.SetTrunkSettings
import com.exotelsip.ffi.core.SettingInput
import com.exotelsip.ffi.core.Trunk
import com.exotelsip.ffi.core.UpdatePhoneNumberMode
import com.exotelsip.ffi.core.WhitelistIp
import com.exotelsip.ffi.core.WhitelistedIp
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/** The setting that carries a trunk's caller-ID alias. */
val TRUNK_EXTERNAL_ALIAS: String = com.exotelsip.ffi.trunkExternalAlias()

/** Receives the client's events (already redacted: no header, body or secret). */
fun interface ExotelEventListener {
    /** One event; called inline on an SDK thread, keep it quick. */
    fun onEvent(event: Event)
}

/**
 * An Exotel SIP trunking client whose calls are `suspend` functions. Every rule,
 * retry, rate limit and error mapping lives in the Rust core; this class forwards.
 *
 * Arguments left `null` come from the environment: `EXOTEL_API_KEY`,
 * `EXOTEL_API_TOKEN`, `EXOTEL_ACCOUNT_SID`, `EXOTEL_REGION` (`singapore`/`mumbai`)
 * and `EXOTEL_BASE_URL`. Cancelling a call's coroutine stops the call (the
 * transport's exchange is cancelled too). Close the client when done.
 *
 * @param transport any [ExotelTransport]; default [JavaHttpTransport].
 * @param rateLimiter a limiter shared with other clients of the account (wins over [rateLimit]).
 * @param listener receives request, retry, throttle and bulk events.
 * @param env where missing settings are read (default `System.getenv()`).
 */
class ExotelClient @JvmOverloads constructor(
    apiKey: String? = null,
    apiToken: String? = null,
    accountSid: String? = null,
    region: Region? = null,
    baseUrl: String? = null,
    timeoutMs: Int? = null,
    retry: RetryPolicy? = null,
    rateLimit: RateLimit? = null,
    rateLimiter: RateLimiter? = null,
    transport: ExotelTransport? = null,
    listener: ExotelEventListener? = null,
    env: Map<String, String> = System.getenv(),
) : AutoCloseable {
    private val inner: AsyncExotelClient

    init {
        // Unset credentials come from EXOTEL_*; missing ones are reported by the
        // core's validation like in every binding. The core resolves the endpoint.
        inner = translating {
            val credentials = Credentials(
                apiKey ?: env["EXOTEL_API_KEY"] ?: "",
                apiToken ?: env["EXOTEL_API_TOKEN"] ?: "",
                accountSid ?: env["EXOTEL_ACCOUNT_SID"] ?: "",
            )
            val settings = ClientSettings(
                region, baseUrl, env["EXOTEL_BASE_URL"], env["EXOTEL_REGION"], timeoutMs?.toUInt(), retry, rateLimit,
                "kotlin/${KotlinVersion.CURRENT}",
            )
            val events = listener?.let { l -> object : EventListener { override fun onEvent(event: Event) { try { l.onEvent(event) } catch (_: Exception) {} } } }
            AsyncExotelClient(credentials, settings, GuardedTransport(transport ?: JavaHttpTransport()), rateLimiter, events)
        }
    }

    /** The effective base URL (no trailing `/`). */
    val baseUrl: String get() = inner.baseUrl()

    /** The account SID requests are made for. */
    val accountSid: String get() = inner.accountSid()

    /** The default deadline of a call in ms. */
    val timeoutMs: Int get() = inner.timeoutMs().toInt()

    /** The default retry policy. */
    val retryPolicy: RetryPolicy get() = inner.retryPolicy()

    /** This client's rate limiter (pass it to other clients of the account). */
    val rateLimiter: RateLimiter get() = inner.rateLimiter()

    /** Creates a trunk. */
    suspend fun createTrunk(trunkName: String, nsoCode: String? = null, domainName: String? = null, options: CallOptions? = null): Trunk =
        translating { inner.createTrunk(CreateTrunk(trunkName, nsoCode, domainName), options) }

    /** Deletes a trunk (a retried delete that finds it gone reports it deleted). */
    suspend fun deleteTrunk(trunkSid: String, options: CallOptions? = null): DeletedTrunk =
        translating { inner.deleteTrunk(trunkSid, options) }

    /** Maps a phone number (E.164) to a trunk; [mode] defaults to the server's (PSTN). */
    suspend fun mapPhoneNumber(trunkSid: String, phoneNumber: String, mode: Mode? = null, options: CallOptions? = null): PhoneNumber =
        translating { inner.mapPhoneNumber(MapPhoneNumber(trunkSid, phoneNumber, mode), options) }

    /** Switches a mapped number's mode. */
    suspend fun updatePhoneNumberMode(trunkSid: String, phoneNumberId: String, phoneNumber: String, mode: Mode, options: CallOptions? = null): PhoneNumber =
        translating { inner.updatePhoneNumberMode(UpdatePhoneNumberMode(trunkSid, phoneNumberId, phoneNumber, mode), options) }

    /** Whitelists an IPv4 address or range ([mask] defaults to 32). */
    suspend fun whitelistIp(trunkSid: String, ip: String, mask: Int? = null, options: CallOptions? = null): WhitelistedIp =
        translating { inner.whitelistIp(WhitelistIp(trunkSid, ip, mask?.toUInt()), options) }

    /** Adds destination URIs (`sip:` is added when missing). A partial failure throws [PartialFailureException]. */
    suspend fun addDestinations(trunkSid: String, destinations: List<String>, options: CallOptions? = null): DestinationBatch =
        translating { inner.addDestinations(AddDestinations(trunkSid, destinations), options) }

    /** Applies trunk settings. */
    suspend fun setTrunkSettings(trunkSid: String, settings: List<SettingInput>, options: CallOptions? = null): SettingBatch =
        translating { inner.setTrunkSettings(SetTrunkSettings(trunkSid, settings), options) }

    /** Sets the trunk's caller-ID alias (setting [TRUNK_EXTERNAL_ALIAS]). */
    suspend fun setCallerIdAlias(trunkSid: String, phoneNumber: String, options: CallOptions? = null): SettingBatch =
        setTrunkSettings(trunkSid, listOf(SettingInput(TRUNK_EXTERNAL_ALIAS, phoneNumber)), options)

    /** The trunk's credentials sub-resource as JSON text (its shape is undocumented). */
    suspend fun getTrunkCredentials(trunkSid: String, options: CallOptions? = null): String =
        translating { inner.getTrunkCredentials(trunkSid, options) }

    /** One page of a trunk's phone numbers. */
    suspend fun phoneNumbersPage(trunkSid: String, offset: Int? = null, pageSize: Int? = null, options: CallOptions? = null): PhoneNumberPage =
        translating { inner.listPhoneNumbers(ListQuery(trunkSid, offset?.toUInt(), pageSize?.toUInt()), options) }

    /** One page of a trunk's whitelisted IPs. */
    suspend fun whitelistedIpsPage(trunkSid: String, offset: Int? = null, pageSize: Int? = null, options: CallOptions? = null): WhitelistedIpPage =
        translating { inner.listWhitelistedIps(ListQuery(trunkSid, offset?.toUInt(), pageSize?.toUInt()), options) }

    /** One page of a trunk's destination URIs. */
    suspend fun destinationsPage(trunkSid: String, offset: Int? = null, pageSize: Int? = null, options: CallOptions? = null): DestinationUriPage =
        translating { inner.listDestinations(ListQuery(trunkSid, offset?.toUInt(), pageSize?.toUInt()), options) }

    /** Every phone number of the trunk, page after page (lazily, when collected). */
    fun listPhoneNumbers(trunkSid: String, pageSize: Int? = null, options: CallOptions? = null): Flow<PhoneNumber> =
        pages({ phoneNumbersPage(trunkSid, null, pageSize, options).let { it.items to it.metadata } },
            { uri -> translating { inner.phoneNumbersPageAt(uri, options) }.let { it.items to it.metadata } })

    /** Every whitelisted IP of the trunk, page after page. */
    fun listWhitelistedIps(trunkSid: String, pageSize: Int? = null, options: CallOptions? = null): Flow<WhitelistedIp> =
        pages({ whitelistedIpsPage(trunkSid, null, pageSize, options).let { it.items to it.metadata } },
            { uri -> translating { inner.whitelistedIpsPageAt(uri, options) }.let { it.items to it.metadata } })

    /** Every destination URI of the trunk, page after page. */
    fun listDestinations(trunkSid: String, pageSize: Int? = null, options: CallOptions? = null): Flow<DestinationUri> =
        pages({ destinationsPage(trunkSid, null, pageSize, options).let { it.items to it.metadata } },
            { uri -> translating { inner.destinationsPageAt(uri, options) }.let { it.items to it.metadata } })

    /** Creates the trunk, or confirms the one whose SID was recorded; [options] apply to each request it makes. */
    suspend fun ensureTrunk(trunkName: String, nsoCode: String? = null, domainName: String? = null, recordedSid: String? = null, options: CallOptions? = null): EnsuredTrunk =
        translating { inner.ensureTrunk(CreateTrunk(trunkName, nsoCode, domainName), recordedSid, options) }

    /** Maps the number unless it already is (switching its mode if needed); [options] apply to each request it makes. */
    suspend fun ensurePhoneNumber(trunkSid: String, phoneNumber: String, mode: Mode? = null, options: CallOptions? = null): EnsuredPhoneNumber =
        translating { inner.ensurePhoneNumber(MapPhoneNumber(trunkSid, phoneNumber, mode), options) }

    /** Whitelists the IP unless it already is; [options] apply to each request it makes. */
    suspend fun ensureWhitelistedIp(trunkSid: String, ip: String, mask: Int? = null, options: CallOptions? = null): EnsuredWhitelistedIp =
        translating { inner.ensureWhitelistedIp(WhitelistIp(trunkSid, ip, mask?.toUInt()), options) }

    /** Adds the destinations the trunk lacks; one entry per requested destination; [options] apply to each request. */
    suspend fun ensureDestinations(trunkSid: String, destinations: List<String>, options: CallOptions? = null): List<EnsuredDestination> =
        translating { inner.ensureDestinations(AddDestinations(trunkSid, destinations), options) }

    /** Ensures every number is mapped to the trunk, at most [concurrency] at once; one outcome per number, in order; [options] apply to each request. */
    suspend fun mapPhoneNumbers(trunkSid: String, phoneNumbers: List<String>, mode: Mode? = null, concurrency: Int = 8, options: CallOptions? = null): List<BulkPhoneNumber> =
        translating { inner.mapPhoneNumbers(phoneNumbers.map { MapPhoneNumber(trunkSid, it, mode) }, concurrency.coerceAtLeast(1).toUInt(), options) }

    /** Ensures every IP is whitelisted on the trunk, at most [concurrency] at once; [options] apply to each request. */
    suspend fun whitelistIps(trunkSid: String, ips: List<String>, concurrency: Int = 8, options: CallOptions? = null): List<BulkWhitelistedIp> =
        translating { inner.whitelistIps(ips.map { WhitelistIp(trunkSid, it, null) }, concurrency.coerceAtLeast(1).toUInt(), options) }

    /** Releases the native client. */
    override fun close() = inner.close()

    /** Shows the base URL and account only (never the token). */
    override fun toString(): String = "ExotelClient(baseUrl=$baseUrl, accountSid=$accountSid)"

    private fun <T> pages(first: suspend () -> Pair<List<T>, PageMetadata>, at: suspend (String) -> Pair<List<T>, PageMetadata>): Flow<T> = flow {
        var (items, meta) = first()
        while (true) {
            for (item in items) emit(item)
            val next = meta.nextPageUri?.takeIf { it.isNotEmpty() } ?: break
            if (items.isEmpty()) break
            val page = at(next)
            items = page.first
            meta = page.second
        }
    }
}

/** Call options for one call: a deadline and/or a retry policy replacing the client's. */
@JvmOverloads
fun callOptions(timeoutMs: Int? = null, retry: RetryPolicy? = null): CallOptions = CallOptions(timeoutMs?.toUInt(), retry)

/** A retry policy (attempts include the first; delays in ms). */
@JvmOverloads
fun retryPolicy(
    maxAttempts: Int,
    baseDelayMs: Int = com.exotelsip.ffi.defaultRetryPolicy().baseDelayMs.toInt(),
    maxDelayMs: Int = com.exotelsip.ffi.defaultRetryPolicy().maxDelayMs.toInt(),
    maxElapsedMs: Int = com.exotelsip.ffi.defaultRetryPolicy().maxElapsedMs.toInt(),
): RetryPolicy = RetryPolicy(maxAttempts.toUInt(), baseDelayMs.toUInt(), maxDelayMs.toUInt(), maxElapsedMs.toUInt())

/**
 * Rate limits of one account: [requestsPerMinute] (0 = off), at most [requestsPerSecond]
 * in any second (0 = off), [maxInFlight] calls at once (0 = unlimited), and a
 * [latencyMarginMs] added to each window so that sends also *arrive* within the limits.
 * Defaults: Exotel's 200 a minute and 50 in flight, 20 a second, 500 ms.
 */
@JvmOverloads
fun rateLimit(
    requestsPerMinute: Int = com.exotelsip.ffi.defaultRateLimit().requestsPerMinute.toInt(),
    requestsPerSecond: Int = com.exotelsip.ffi.defaultRateLimit().requestsPerSecond.toInt(),
    maxInFlight: Int = com.exotelsip.ffi.defaultRateLimit().maxInFlight.toInt(),
    latencyMarginMs: Int = com.exotelsip.ffi.defaultRateLimit().latencyMarginMs.toInt(),
): RateLimit =
    RateLimit(requestsPerMinute.toUInt(), requestsPerSecond.toUInt(), maxInFlight.toUInt(), latencyMarginMs.toUInt())

/** The wire name of a mode (`pstn`, `flow`, …). */
fun Mode.wireName(): String = when (this) {
    is Mode.Pstn -> "pstn"
    is Mode.Flow -> "flow"
    is Mode.Unset -> ""
    is Mode.Other -> this.value
}

/** A mode from its wire name: `pstn`, `flow`, anything else kept as [Mode.Other] (the core validates it). */
fun parseMode(value: String): Mode = when (value) {
    "pstn" -> Mode.Pstn
    "flow" -> Mode.Flow
    else -> Mode.Other(value)
}
