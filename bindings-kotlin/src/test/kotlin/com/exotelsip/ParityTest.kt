package com.exotelsip

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.lang.reflect.Method
import java.lang.reflect.Modifier

/**
 * Parity with the core's catalog (`api/catalog.json`): every operation and helper is a
 * method of [ExotelClient] and of the Java facade [ExotelJava] (blocking and `...Async`),
 * with the catalog's parameters in its order and per-call `options`; a list is a lazy
 * `Flow` / `Iterable` with a one-page `...Page` twin. The generated methods come from
 * the catalog, so this mostly guards the hand-written helpers it marks custom.
 */
@Suppress("UNCHECKED_CAST")
class ParityTest {
    private val operations: List<Map<String, Any?>> = run {
        val catalog = vectorsDir().parent.parent.resolve("api/catalog.json")
        (Json.parse(readText(catalog)) as Map<String, Any?>)["operations"] as List<Map<String, Any?>>
    }

    private fun camel(name: String) = name.split('_').mapIndexed { i, p -> if (i == 0) p else p.replaceFirstChar { it.uppercase() } }.joinToString("")

    /** The public, non-synthetic method with the most parameters (the full signature). */
    private fun full(cls: Class<*>, name: String): Method? =
        cls.methods.filter { it.name == name && !it.isSynthetic && Modifier.isPublic(it.modifiers) }.maxByOrNull { it.parameterCount }

    private fun names(m: Method) = m.parameters.map { it.name }.filter { it != "\$completion" }

    private fun fields(op: Map<String, Any?>) = (op["fields"] as List<Map<String, Any?>>).map { camel(it["name"] as String) } + "options"

    @Test fun everyOperationIsAKotlinMethodWithTheCatalogsParameters() {
        for (op in operations) {
            val name = camel(op["name"] as String)
            val paged = (op["result"] as Map<String, Any?>)["shape"] == "page"
            val m = full(ExotelClient::class.java, name) ?: error("ExotelClient has no $name")
            assertEquals(fields(op), names(m), "ExotelClient.$name")
            if (paged) {
                assertEquals(kotlinx.coroutines.flow.Flow::class.java, m.returnType, "$name is a lazy Flow")
                val page = camel((op["name"] as String).removePrefix("list_") + "_page")
                val p = full(ExotelClient::class.java, page) ?: error("ExotelClient has no $page")
                assertEquals(fields(op), names(p), "ExotelClient.$page")
            } else {
                // suspend: its last JVM parameter is the continuation.
                assertTrue(m.parameters.last().type.name == "kotlin.coroutines.Continuation", "$name suspends")
            }
        }
    }

    @Test fun everyOperationIsAJavaMethodBlockingAndAsync() {
        for (op in operations) {
            val base = camel(op["name"] as String)
            val paged = (op["result"] as Map<String, Any?>)["shape"] == "page"
            val page = camel((op["name"] as String).removePrefix("list_") + "_page")
            val variants = if (paged) listOf(base, page, page + "Async") else listOf(base, base + "Async")
            for (name in variants) {
                val m = full(ExotelJava::class.java, name) ?: error("ExotelJava has no $name")
                assertEquals(fields(op), names(m), "ExotelJava.$name")
                // @JvmOverloads: Java callers may leave out every trailing optional parameter.
                val required = (op["fields"] as List<Map<String, Any?>>).count { it["required"] == true }
                val shortest = ExotelJava::class.java.methods.filter { it.name == name }.minOf { it.parameterCount }
                assertEquals(required, shortest, "ExotelJava.$name overloads")
            }
            if (paged) {
                assertEquals(Iterable::class.java, full(ExotelJava::class.java, base)!!.returnType, "ExotelJava.$base is a lazy Iterable")
            }
            if (!paged) {
                assertEquals(java.util.concurrent.CompletableFuture::class.java, full(ExotelJava::class.java, base + "Async")!!.returnType)
            }
        }
    }

    @Test fun noPublicCallIsMissingFromTheCatalog() {
        val declared = operations.flatMap { op ->
            val n = op["name"] as String
            listOf(camel(n), camel(n.removePrefix("list_") + "_page"))
        }.toSet()
        val lifecycle = setOf("close", "toString", "getBaseUrl", "getAccountSid", "getTimeoutMs", "getRetryPolicy", "getRateLimiter")
        val own = ExotelClient::class.java.declaredMethods
            .filter { Modifier.isPublic(it.modifiers) && !it.isSynthetic && !it.name.contains('$') }
            .map { it.name }.toSet()
        assertEquals(emptySet<String>(), own - declared - lifecycle)
    }

    @Test fun aBulkConcurrencyOutOfRangeIsAValidationError() {
        // Refused before any request: the base URL refuses connections.
        ExotelClient("k", "t", "ameyo5m", baseUrl = "http://127.0.0.1:9", env = emptyMap()).use { c ->
            for (n in listOf(0, 51, -1)) {
                val e = expectThrows<ValidationException> {
                    kotlinx.coroutines.runBlocking { c.mapPhoneNumbers("trmum1f708622631150902801a1n", listOf("+919876543210"), concurrency = n) }
                }
                assertEquals("concurrency", e.field)
                assertEquals("range", e.rule)
            }
        }
    }
}
