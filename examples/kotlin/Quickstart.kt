// PSTN and StreamKit setups with the Kotlin package. Configuration from the
// environment: EXOTEL_API_KEY, EXOTEL_API_TOKEN, EXOTEL_ACCOUNT_SID and
// EXOTEL_BASE_URL (or EXOTEL_REGION). CI points them at the sandbox server.
import com.exotelsip.ExotelClient
import com.exotelsip.ExotelException
import com.exotelsip.NotFoundException
import com.exotelsip.ffi.core.Mode
import com.exotelsip.wireName
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking

object Quickstart {
    @JvmStatic
    fun main(args: Array<String>) = runBlocking {
        ExotelClient().use { client ->
            // PSTN: a trunk for an IP-PBX, a number, the PBX's IP and its SIP URIs.
            val trunk = client.createTrunk("pstn_trunk")
            client.mapPhoneNumber(trunk.trunkSid, "+919876543210", Mode.Pstn)
            client.whitelistIp(trunk.trunkSid, "203.0.113.10")
            client.addDestinations(trunk.trunkSid, listOf("203.0.113.10:5061;transport=tls"))
            client.setCallerIdAlias(trunk.trunkSid, "+919876543210")
            val numbers = client.listPhoneNumbers(trunk.trunkSid).toList()
            println("trunk ${trunk.trunkSid}: ${numbers.size} number(s)")
            println("PSTN setup done")

            // StreamKit: a number in flow mode for a voice bot, switched back to PSTN.
            val bot = client.ensureTrunk("bot_trunk").trunkSid
            val number = client.ensurePhoneNumber(bot, "+919876500001", Mode.Flow).resource
            client.ensureWhitelistedIp(bot, "198.51.100.7")
            val switched = client.updatePhoneNumberMode(bot, number.id, number.phoneNumber, Mode.Pstn)
            println("number ${switched.phoneNumber} is now ${switched.mode.wireName()}")
            client.deleteTrunk(bot)
            try {
                client.listPhoneNumbers(bot).toList()
            } catch (e: NotFoundException) {
                println("deleted trunk answers ${e.status}")
            } catch (e: ExotelException) {
                println("unexpected ${e.kindName}: ${e.message}")
            }
            println("StreamKit setup done")
        }
    }
}
