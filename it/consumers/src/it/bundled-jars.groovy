// Shared by the WAR consumers' verify.groovy: a closure that checks that a WAR bundles exactly the
// named jars in WEB-INF/lib (names without versions), so that a dependency a published POM leaks
// into users' WARs (a servlet API, a test library) or a scope that drops one fails the build.
return { File warFile, List<String> expected ->
  def war = new java.util.zip.ZipFile(warFile)
  try {
    def libs = war.entries().collect { it.name }
        .findAll { it.startsWith("WEB-INF/lib/") && it.endsWith(".jar") }
        .collect { it.substring("WEB-INF/lib/".length()).replaceAll(/-[0-9][^-]*(-SNAPSHOT)?\.jar$/, "") }
        .sort()
    assert libs == expected.sort() : "${warFile.name}: WEB-INF/lib holds ${libs}, expected ${expected}"
  } finally {
    war.close()
  }
  return true
}
