// Copies the published modules' POMs and sources (and the javax rules) from the reactor, with the
// test helpers their test code compiles against.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

def root = Path.of(reactorRoot)
def target = basedir.toPath()
def copy = { String relative ->
  def from = root.resolve(relative)
  Files.walk(from).withCloseable { paths ->
    paths.filter { Files.isRegularFile(it) }.forEach { file ->
      def to = target.resolve(root.relativize(file).toString())
      Files.createDirectories(to.parent)
      Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING)
    }
  }
}
["moonkey-emulator", "moonkey-test", "moonkey-testing", "moonkey-servlet", "moonkey-jaxrs"].each {
  copy("${it}/pom.xml")
  copy("${it}/src")
}
["javax/moonkey-servlet-javax/pom.xml", "javax/moonkey-jaxrs-javax/pom.xml", "javax/rules"].each { copy(it) }
return true
