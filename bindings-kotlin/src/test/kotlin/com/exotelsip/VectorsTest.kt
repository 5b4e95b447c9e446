package com.exotelsip

import com.exotelsip.ffi.DestinationBatch
import com.exotelsip.ffi.DestinationUriPage
import com.exotelsip.ffi.FfiTransportException
import com.exotelsip.ffi.PhoneNumberPage
import com.exotelsip.ffi.SettingBatch
import com.exotelsip.ffi.WhitelistedIpPage
import com.exotelsip.ffi.core.BatchMetadata
import com.exotelsip.ffi.core.CreatedItem
import com.exotelsip.ffi.core.DestinationUri
import com.exotelsip.ffi.core.Header
import com.exotelsip.ffi.core.ItemFailure
import com.exotelsip.ffi.core.Mode
import com.exotelsip.ffi.core.PageMetadata
import com.exotelsip.ffi.core.PhoneNumber
import com.exotelsip.ffi.core.SettingInput
import com.exotelsip.ffi.core.Trunk
import com.exotelsip.ffi.core.TrunkSetting
import com.exotelsip.ffi.core.WhitelistedIp
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import java.nio.file.Files

/** Replays every shared vector (tests/vectors/) through the public API of [ExotelClient]. */
@Suppress("UNCHECKED_CAST")
class VectorsTest {
    private val defaultConfig = mapOf("account_sid" to "ameyo5m", "api_key" to "test_key", "api_token" to "test_token", "region" to "singapore")

    private fun cases(): List<Pair<String, Map<String, Any?>>> =
        Files.list(vectorsDir()).use { dirs -> dirs.sorted().toList() }.filter { Files.isDirectory(it) }.flatMap { dir ->
            Files.list(dir).use { it.sorted().toList() }.filter { it.toString().endsWith(".json") }.flatMap { file ->
                val data = Json.parse(readText(file)) as Map<String, Any?>
                (data["cases"] as List<Map<String, Any?>>).map { data["operation"] as String to it }
            }
        }

    @Test fun vectorsWereFound() = assertTrue(cases().size >= 390, "only ${cases().size} vectors")

    private class Canned(val response: Map<String, Any?>?) : ExotelTransport {
        val requests = ArrayList<ExotelRequest>()
        override suspend fun send(request: ExotelRequest): ExotelResponse {
            requests.add(request)
            val r = response ?: throw FfiTransportException.Connect("no canned response")
            val body = if ("body_text" in r) r["body_text"] as String else Json.write(r["body"])
            val headers = (r["headers"] as Map<String, Any?>? ?: emptyMap()).map { Header(it.key, it.value as String) }
            return ExotelResponse((r["status"] as Long).toInt().toUShort(), headers, body)
        }
    }

    private fun client(config: Map<String, Any?>?, transport: ExotelTransport): ExotelClient {
        val c = config ?: defaultConfig
        val env = HashMap<String, String>()
        if ("region" in c && "base_url" !in c) env["EXOTEL_REGION"] = c["region"] as String
        return ExotelClient(
            c["api_key"] as String? ?: "", c["api_token"] as String? ?: "", c["account_sid"] as String? ?: "",
            baseUrl = c["base_url"] as String?, timeoutMs = (c["timeout_ms"] as Long?)?.toInt(),
            retry = retryPolicy(1), rateLimit = rateLimit(0, 0, 0), transport = transport, env = env,
        )
    }

    private fun mode(m: Mode?): Any? = when (m) { null, is Mode.Unset -> null; else -> m.wireName() }
    private fun meta(m: PageMetadata) = mapOf("page_size" to m.pageSize?.toLong(), "first_page_uri" to m.firstPageUri,
        "prev_page_uri" to m.prevPageUri, "next_page_uri" to m.nextPageUri)
    private fun batch(m: BatchMetadata) = mapOf("total" to m.total?.toLong(), "success" to m.success?.toLong(), "failed" to m.failed?.toLong())

    private fun wire(v: Any?): Any? = when (v) {
        null -> null
        is String -> v
        is List<*> -> v.map { wire(it) }
        is Trunk -> mapOf("trunk_sid" to v.trunkSid, "trunk_name" to v.trunkName, "domain_name" to v.domainName, "status" to v.status,
            "auth_type" to v.authType, "registration_enabled" to v.registrationEnabled, "edge_preference" to v.edgePreference,
            "nso_code" to v.nsoCode, "secure_trunking" to v.secureTrunking, "destination_uris" to v.destinationUris,
            "whitelisted_ips" to v.whitelistedIps, "credentials" to v.credentials, "phone_numbers" to v.phoneNumbers,
            "date_created" to v.dateCreated, "date_updated" to v.dateUpdated)
        is PhoneNumber -> mapOf("id" to v.id, "phone_number" to v.phoneNumber, "trunk_sid" to v.trunkSid, "mode" to mode(v.mode),
            "date_created" to v.dateCreated, "date_updated" to v.dateUpdated)
        is WhitelistedIp -> mapOf("id" to v.id, "ip" to v.ip, "mask" to v.mask?.toLong(), "trunk_sid" to v.trunkSid,
            "friendly_name" to v.friendlyName, "date_created" to v.dateCreated, "date_updated" to v.dateUpdated)
        is DestinationUri -> mapOf("id" to v.id, "destination" to v.destination, "type" to v.destinationType, "priority" to v.priority,
            "weight" to v.weight, "trunk_sid" to v.trunkSid, "date_created" to v.dateCreated, "date_updated" to v.dateUpdated)
        is TrunkSetting -> mapOf("name" to v.name, "value" to v.value, "trunk_sid" to v.trunkSid, "date_created" to v.dateCreated,
            "date_updated" to v.dateUpdated)
        is CreatedItem.Destination -> wire(v.item)
        is CreatedItem.Setting -> wire(v.item)
        is ItemFailure -> mapOf("index" to v.index.toLong(), "item" to v.item, "status" to v.status.toLong(), "code" to v.code?.toLong(),
            "description" to v.description)
        is PhoneNumberPage -> mapOf("items" to wire(v.items), "metadata" to meta(v.metadata))
        is WhitelistedIpPage -> mapOf("items" to wire(v.items), "metadata" to meta(v.metadata))
        is DestinationUriPage -> mapOf("items" to wire(v.items), "metadata" to meta(v.metadata))
        is DestinationBatch -> mapOf("items" to wire(v.items), "metadata" to batch(v.metadata))
        is SettingBatch -> mapOf("items" to wire(v.items), "metadata" to batch(v.metadata))
        else -> error("no wire form for ${v.javaClass}")
    }

    private fun num(v: Any?): Any? = if (v is Double && v == Math.floor(v)) v.toLong() else v

    private fun match(expected: Any?, actual: Any?, strict: Boolean, path: String) {
        when (expected) {
            is Map<*, *> -> {
                assertTrue(actual is Map<*, *>, "$path: expected an object, got $actual")
                val a = actual as Map<String, Any?>
                for ((k, v) in expected) match(v, a[k as String], strict, "$path.$k")
                if (strict) {
                    val extra = a.filter { it.value != null && it.key !in expected.keys }.keys
                    assertTrue(extra.isEmpty(), "$path: unexpected non-null fields $extra")
                }
            }
            is List<*> -> {
                assertTrue(actual is List<*> && actual.size == expected.size, "$path: $actual != $expected")
                expected.forEachIndexed { i, e -> match(e, (actual as List<*>)[i], strict, "$path[$i]") }
            }
            else -> assertEquals(num(expected), num(actual), path)
        }
    }

    private suspend fun run(c: ExotelClient, op: String, i: Map<String, Any?>): Any? {
        val sid = i["trunk_sid"] as String? ?: ""
        val int = { k: String -> (i[k] as Long?)?.toInt() }
        return when (op) {
            "create_trunk" -> c.createTrunk(i["trunk_name"] as String? ?: "", i["nso_code"] as String?, i["domain_name"] as String?)
            "delete_trunk" -> c.deleteTrunk(sid).trunk
            "map_phone_number" -> c.mapPhoneNumber(sid, i["phone_number"] as String? ?: "", (i["mode"] as String?)?.let { parseMode(it) })
            "update_phone_number_mode" -> c.updatePhoneNumberMode(sid, i["phone_number_id"] as String? ?: "", i["phone_number"] as String? ?: "",
                (i["mode"] as String?)?.let { parseMode(it) } ?: Mode.Unset)
            "whitelist_ip" -> c.whitelistIp(sid, i["ip"] as String? ?: "", int("mask"))
            "add_destinations" -> c.addDestinations(sid, (i["destinations"] as List<String>?) ?: emptyList())
            "set_trunk_settings" -> c.setTrunkSettings(sid, ((i["settings"] as List<Map<String, Any?>>?) ?: emptyList())
                .map { SettingInput(it["name"] as String? ?: "", it["value"] as String? ?: "") })
            "get_trunk_credentials" -> Json.parse(c.getTrunkCredentials(sid))
            "list_phone_numbers" -> c.phoneNumbersPage(sid, int("offset"), int("page_size"))
            "list_whitelisted_ips" -> c.whitelistedIpsPage(sid, int("offset"), int("page_size"))
            "list_destinations" -> c.destinationsPage(sid, int("offset"), int("page_size"))
            else -> error("unknown operation $op")
        }
    }

    private fun field(e: ExotelException, key: String): Any? = when (key) {
        "field" -> (e as ValidationException).field
        "rule" -> (e as ValidationException).rule
        "value" -> (e as ValidationException).value
        "status" -> when (e) { is ApiException -> e.status.toLong(); is DecodeException -> e.status.toLong(); else -> error("no status on $e") }
        "code" -> (e as ApiException).code
        "description" -> (e as ApiException).description
        "request_id" -> (e as ApiException).requestId
        "retry_after_ms" -> (e as RateLimitedException).retryAfterMs
        "timeout_ms" -> (e as RequestTimeoutException).timeoutMs
        "transport_kind" -> (e as TransportException).transportKind.name.lowercase()
        "operation" -> (e as OutcomeUnknownException).operation
        else -> error("unknown error key $key")
    }

    private fun checkError(expected: Map<String, Any?>, e: ExotelException) {
        assertEquals(expected["kind"], e.kindName, "kind of $e")
        for ((k, want) in expected) when (k) {
            "kind" -> {}
            "snippet_contains" -> assertTrue((e as DecodeException).snippet.contains(want as String), e.snippet)
            "message" -> assertEquals(want, e.message, "message")
            "created" -> match(want, wire((e as PartialFailureException).created), true, "created")
            "failed" -> match(want, wire((e as PartialFailureException).failed), false, "failed")
            else -> assertEquals(num(want), field(e, k), k)
        }
    }

    private fun checkRequest(expected: Map<String, Any?>, r: ExotelRequest) {
        assertEquals(expected["method"], r.method)
        if ("url" in expected) assertEquals(expected["url"], r.url)
        if ("headers" in expected) {
            val got = r.headers.associate { it.name.lowercase() to it.value }.toMutableMap()
            val ua = got.remove("user-agent")
            assertNotNull(ua, "no User-Agent")
            assertEquals((expected["headers"] as Map<String, Any?>).mapKeys { it.key.lowercase() }, got)
            (expected["user_agent_pattern"] as String?)?.let { assertTrue(Regex(it).containsMatchIn(ua!!), ua) }
            assertTrue(ua!!.contains("kotlin/"), ua)
        }
        if ("body" in expected) {
            if (expected["body"] == null) assertNull(r.body) else match(expected["body"], Json.parse(r.body!!), true, "body")
        }
        (expected["timeout_ms"] as Long?)?.let { assertTrue(r.timeoutMs.toLong() in (it - 50)..it, "timeout ${r.timeoutMs}") }
    }

    @TestFactory fun vectors(): List<DynamicTest> = cases().map { (op, case) ->
        DynamicTest.dynamicTest("$op: ${case["name"]}") {
            runBlocking {
                val transport = Canned(case["response"] as Map<String, Any?>?)
                val expect = case["expect"] as Map<String, Any?>? ?: emptyMap()
                if (op == "config") {
                    val c = try { client(case["config"] as Map<String, Any?>, transport) } catch (e: ExotelException) {
                        assertTrue("error" in expect, "unexpected $e")
                        checkError(expect["error"] as Map<String, Any?>, e)
                        return@runBlocking
                    }
                    c.use { assertTrue("error" !in expect, "expected a validation error"); assertEquals(expect["base_url"], it.baseUrl) }
                    return@runBlocking
                }
                client(case["config"] as Map<String, Any?>?, transport).use { c ->
                    var result: Any? = null
                    var error: ExotelException? = null
                    try { result = run(c, op, case["input"] as Map<String, Any?>? ?: emptyMap()) } catch (e: ExotelException) { error = e }
                    (case["request"] as Map<String, Any?>?)?.let {
                        assertEquals(1, transport.requests.size, "expected exactly one request")
                        checkRequest(it, transport.requests[0])
                    }
                    if ("error" in expect) {
                        val want = expect["error"] as Map<String, Any?>
                        assertNotNull(error, "expected ${want["kind"]}, got $result")
                        if (want["kind"] == "validation") assertTrue(transport.requests.isEmpty(), "validation must happen before sending")
                        checkError(want, error!!)
                    } else if ("result" in expect) {
                        assertNull(error, "unexpected $error")
                        match(expect["result"], if (op == "get_trunk_credentials") result else wire(result), op != "get_trunk_credentials", "result")
                    }
                }
            }
        }
    }
}
