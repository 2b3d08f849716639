// The WAR bundles moonkey-servlet-javax and Jackson, nothing else.
def bundlesExactly = evaluate(new File(reactorRoot, "it/consumers/src/it/bundled-jars.groovy"))
return bundlesExactly(new File(basedir, "target/war-servlet-javax-1.0.war"),
    ["moonkey-servlet-javax", "jackson-databind", "jackson-core", "jackson-annotations"])
