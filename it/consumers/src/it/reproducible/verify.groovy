// Every jar this second build made must equal, byte for byte, the one the reactor made.
import java.security.MessageDigest

def sha256 = { File f -> MessageDigest.getInstance("SHA-256").digest(f.bytes).encodeHex().toString() }
def modules = ["moonkey-emulator", "moonkey-test", "moonkey-servlet", "moonkey-jaxrs",
               "javax/moonkey-servlet-javax", "javax/moonkey-jaxrs-javax"]
def compared = []
def differ = []
modules.each { module ->
  def jars = new File(basedir, "${module}/target").listFiles().findAll { it.name.endsWith(".jar") }
  assert !jars.isEmpty() : "${module}: the second build made no jar"
  jars.each { jar ->
    def reference = new File(reactorRoot, "${module}/target/${jar.name}")
    assert reference.isFile() : "${module}: the reactor has no ${jar.name}"
    compared << jar.name
    if (sha256(jar) != sha256(reference)) {
      differ << jar.name
    }
  }
}
println "Reproducible: ${compared.size()} jars compared: ${compared.sort()}"
assert differ.isEmpty() : "Not byte-identical to the reactor's: ${differ}"
["sources", "javadoc"].each { kind ->
  assert compared.count { it.endsWith("-${kind}.jar") } == modules.size() : "a ${kind} jar is missing: ${compared}"
}
return true
