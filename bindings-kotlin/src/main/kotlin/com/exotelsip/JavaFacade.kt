package com.exotelsip

import com.exotelsip.ffi.BulkPhoneNumber
import com.exotelsip.ffi.BulkWhitelistedIp
import com.exotelsip.ffi.DestinationBatch
import com.exotelsip.ffi.EnsuredDestination
import com.exotelsip.ffi.EnsuredPhoneNumber
import com.exotelsip.ffi.EnsuredWhitelistedIp
import com.exotelsip.ffi.DestinationUriPage
import com.exotelsip.ffi.PhoneNumberPage
import com.exotelsip.ffi.SettingBatch
import com.exotelsip.ffi.WhitelistedIpPage
import com.exotelsip.ffi.core.DeletedTrunk
import com.exotelsip.ffi.core.DestinationUri
import com.exotelsip.ffi.core.EnsuredTrunk
import com.exotelsip.ffi.core.Mode
import com.exotelsip.ffi.core.PhoneNumber
import com.exotelsip.ffi.core.SettingInput
import com.exotelsip.ffi.core.Trunk
import com.exotelsip.ffi.core.WhitelistedIp
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.future.future
import kotlinx.coroutines.runBlocking
import java.util.concurrent.CompletableFuture

/**
 * The Java facade: every endpoint of [ExotelClient] as a [CompletableFuture] (`...Async`)
 * and as a blocking method, with the client's timeout and retry policy (per-call
 * options are on the Kotlin API). Cancelling a future (`cancel(true)`) cancels the call.
 * Errors: the blocking methods throw the [ExotelException] subclasses; futures
 * complete exceptionally with them.
 *
 * ```java
 * try (ExotelJava client = new ExotelJava(new ExotelClient())) {   // EXOTEL_* env vars
 *     Trunk trunk = client.createTrunk("my_trunk");
 * }
 * ```
 */
class ExotelJava(
    /** The coroutine client underneath. */
    val client: ExotelClient,
) : AutoCloseable {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    private fun <T> async(block: suspend ExotelClient.() -> T): CompletableFuture<T> = scope.future { client.block() }
    private fun <T> blocking(block: suspend ExotelClient.() -> T): T = runBlocking { client.block() }

    /** Creates a trunk. */
    fun createTrunkAsync(trunkName: String): CompletableFuture<Trunk> = async { createTrunk(trunkName) }
    /** Creates a trunk (blocking). */
    fun createTrunk(trunkName: String): Trunk = blocking { createTrunk(trunkName) }
    /** Deletes a trunk. */
    fun deleteTrunkAsync(trunkSid: String): CompletableFuture<DeletedTrunk> = async { deleteTrunk(trunkSid) }
    /** Deletes a trunk (blocking). */
    fun deleteTrunk(trunkSid: String): DeletedTrunk = blocking { deleteTrunk(trunkSid) }
    /** Maps a number (`mode` null = server default). */
    fun mapPhoneNumberAsync(trunkSid: String, phoneNumber: String, mode: Mode?): CompletableFuture<PhoneNumber> = async { mapPhoneNumber(trunkSid, phoneNumber, mode) }
    /** Maps a number (blocking). */
    fun mapPhoneNumber(trunkSid: String, phoneNumber: String, mode: Mode?): PhoneNumber = blocking { mapPhoneNumber(trunkSid, phoneNumber, mode) }
    /** Switches a number's mode. */
    fun updatePhoneNumberModeAsync(trunkSid: String, phoneNumberId: String, phoneNumber: String, mode: Mode): CompletableFuture<PhoneNumber> =
        async { updatePhoneNumberMode(trunkSid, phoneNumberId, phoneNumber, mode) }
    /** Switches a number's mode (blocking). */
    fun updatePhoneNumberMode(trunkSid: String, phoneNumberId: String, phoneNumber: String, mode: Mode): PhoneNumber =
        blocking { updatePhoneNumberMode(trunkSid, phoneNumberId, phoneNumber, mode) }
    /** Whitelists an IP (/32). */
    fun whitelistIpAsync(trunkSid: String, ip: String): CompletableFuture<WhitelistedIp> = async { whitelistIp(trunkSid, ip) }
    /** Whitelists an IP (/32, blocking). */
    fun whitelistIp(trunkSid: String, ip: String): WhitelistedIp = blocking { whitelistIp(trunkSid, ip) }
    /** Adds destinations. */
    fun addDestinationsAsync(trunkSid: String, destinations: List<String>): CompletableFuture<DestinationBatch> = async { addDestinations(trunkSid, destinations) }
    /** Adds destinations (blocking). */
    fun addDestinations(trunkSid: String, destinations: List<String>): DestinationBatch = blocking { addDestinations(trunkSid, destinations) }
    /** Applies trunk settings. */
    fun setTrunkSettingsAsync(trunkSid: String, settings: List<SettingInput>): CompletableFuture<SettingBatch> = async { setTrunkSettings(trunkSid, settings) }
    /** Applies trunk settings (blocking). */
    fun setTrunkSettings(trunkSid: String, settings: List<SettingInput>): SettingBatch = blocking { setTrunkSettings(trunkSid, settings) }
    /** Sets the caller-ID alias. */
    fun setCallerIdAliasAsync(trunkSid: String, phoneNumber: String): CompletableFuture<SettingBatch> = async { setCallerIdAlias(trunkSid, phoneNumber) }
    /** Sets the caller-ID alias (blocking). */
    fun setCallerIdAlias(trunkSid: String, phoneNumber: String): SettingBatch = blocking { setCallerIdAlias(trunkSid, phoneNumber) }
    /** The trunk credentials JSON. */
    fun getTrunkCredentialsAsync(trunkSid: String): CompletableFuture<String> = async { getTrunkCredentials(trunkSid) }
    /** The trunk credentials JSON (blocking). */
    fun getTrunkCredentials(trunkSid: String): String = blocking { getTrunkCredentials(trunkSid) }
    /** One page of the trunk's phone numbers (`offset`/`pageSize` null = server defaults). */
    fun phoneNumbersPageAsync(trunkSid: String, offset: Int?, pageSize: Int?): CompletableFuture<PhoneNumberPage> = async { phoneNumbersPage(trunkSid, offset, pageSize) }
    /** One page of the trunk's phone numbers (blocking). */
    fun phoneNumbersPage(trunkSid: String, offset: Int?, pageSize: Int?): PhoneNumberPage = blocking { phoneNumbersPage(trunkSid, offset, pageSize) }
    /** One page of the trunk's whitelisted IPs. */
    fun whitelistedIpsPageAsync(trunkSid: String, offset: Int?, pageSize: Int?): CompletableFuture<WhitelistedIpPage> = async { whitelistedIpsPage(trunkSid, offset, pageSize) }
    /** One page of the trunk's whitelisted IPs (blocking). */
    fun whitelistedIpsPage(trunkSid: String, offset: Int?, pageSize: Int?): WhitelistedIpPage = blocking { whitelistedIpsPage(trunkSid, offset, pageSize) }
    /** One page of the trunk's destinations. */
    fun destinationsPageAsync(trunkSid: String, offset: Int?, pageSize: Int?): CompletableFuture<DestinationUriPage> = async { destinationsPage(trunkSid, offset, pageSize) }
    /** One page of the trunk's destinations (blocking). */
    fun destinationsPage(trunkSid: String, offset: Int?, pageSize: Int?): DestinationUriPage = blocking { destinationsPage(trunkSid, offset, pageSize) }
    /** Every phone number of the trunk (all pages). */
    fun listPhoneNumbersAsync(trunkSid: String): CompletableFuture<List<PhoneNumber>> = async { listPhoneNumbers(trunkSid).toList() }
    /** Every phone number of the trunk (all pages, blocking). */
    fun listPhoneNumbers(trunkSid: String): List<PhoneNumber> = blocking { listPhoneNumbers(trunkSid).toList() }
    /** Every whitelisted IP of the trunk (all pages). */
    fun listWhitelistedIpsAsync(trunkSid: String): CompletableFuture<List<WhitelistedIp>> = async { listWhitelistedIps(trunkSid).toList() }
    /** Every whitelisted IP of the trunk (all pages, blocking). */
    fun listWhitelistedIps(trunkSid: String): List<WhitelistedIp> = blocking { listWhitelistedIps(trunkSid).toList() }
    /** Every destination of the trunk (all pages). */
    fun listDestinationsAsync(trunkSid: String): CompletableFuture<List<DestinationUri>> = async { listDestinations(trunkSid).toList() }
    /** Every destination of the trunk (all pages, blocking). */
    fun listDestinations(trunkSid: String): List<DestinationUri> = blocking { listDestinations(trunkSid).toList() }
    /** Ensures a trunk (`recordedSid` confirms an existing one). */
    fun ensureTrunkAsync(trunkName: String, recordedSid: String?): CompletableFuture<EnsuredTrunk> = async { ensureTrunk(trunkName, recordedSid = recordedSid) }
    /** Ensures a trunk (blocking). */
    fun ensureTrunk(trunkName: String, recordedSid: String?): EnsuredTrunk = blocking { ensureTrunk(trunkName, recordedSid = recordedSid) }
    /** Ensures a mapping (switching its mode if needed). */
    fun ensurePhoneNumberAsync(trunkSid: String, phoneNumber: String, mode: Mode?): CompletableFuture<EnsuredPhoneNumber> = async { ensurePhoneNumber(trunkSid, phoneNumber, mode) }
    /** Ensures a mapping (blocking). */
    fun ensurePhoneNumber(trunkSid: String, phoneNumber: String, mode: Mode?): EnsuredPhoneNumber = blocking { ensurePhoneNumber(trunkSid, phoneNumber, mode) }
    /** Ensures a whitelisted IP (/32). */
    fun ensureWhitelistedIpAsync(trunkSid: String, ip: String): CompletableFuture<EnsuredWhitelistedIp> = async { ensureWhitelistedIp(trunkSid, ip) }
    /** Ensures a whitelisted IP (/32, blocking). */
    fun ensureWhitelistedIp(trunkSid: String, ip: String): EnsuredWhitelistedIp = blocking { ensureWhitelistedIp(trunkSid, ip) }
    /** Ensures destinations; one entry per requested destination. */
    fun ensureDestinationsAsync(trunkSid: String, destinations: List<String>): CompletableFuture<List<EnsuredDestination>> = async { ensureDestinations(trunkSid, destinations) }
    /** Ensures destinations (blocking). */
    fun ensureDestinations(trunkSid: String, destinations: List<String>): List<EnsuredDestination> = blocking { ensureDestinations(trunkSid, destinations) }
    /** Bulk-maps numbers, `concurrency` at once; one outcome per number. */
    fun mapPhoneNumbersAsync(trunkSid: String, phoneNumbers: List<String>, concurrency: Int): CompletableFuture<List<BulkPhoneNumber>> =
        async { mapPhoneNumbers(trunkSid, phoneNumbers, null, concurrency) }
    /** Bulk-maps numbers (blocking). */
    fun mapPhoneNumbers(trunkSid: String, phoneNumbers: List<String>, concurrency: Int): List<BulkPhoneNumber> = blocking { mapPhoneNumbers(trunkSid, phoneNumbers, null, concurrency) }
    /** Bulk-whitelists IPs, `concurrency` at once; one outcome per IP. */
    fun whitelistIpsAsync(trunkSid: String, ips: List<String>, concurrency: Int): CompletableFuture<List<BulkWhitelistedIp>> = async { whitelistIps(trunkSid, ips, concurrency) }
    /** Bulk-whitelists IPs (blocking). */
    fun whitelistIps(trunkSid: String, ips: List<String>, concurrency: Int): List<BulkWhitelistedIp> = blocking { whitelistIps(trunkSid, ips, concurrency) }

    /** Cancels calls in flight and closes the client. */
    override fun close() {
        scope.cancel()
        client.close()
    }
}
