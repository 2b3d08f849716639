// The WAR bundles the library (both jars) and Jackson, nothing else: no servlet API, no test library.
def war = new java.util.zip.ZipFile(new File(basedir, "target/war-jaxrs-javax-1.0.war"))
def libs = war.entries().collect { it.name }.findAll { it.startsWith("WEB-INF/lib/") && it.endsWith(".jar") }
    .collect { it.substring("WEB-INF/lib/".length()).replaceAll(/-[0-9][^-]*(-SNAPSHOT)?\.jar$/, "") }
    .sort()
def expected = ["jackson-annotations", "jackson-core", "jackson-databind", "moonkey-jaxrs-javax", "moonkey-servlet-javax"]
assert libs == expected : "WEB-INF/lib holds ${libs}, expected ${expected}"
return true
