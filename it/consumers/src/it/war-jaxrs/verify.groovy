// The WAR bundles moonkey-jaxrs, moonkey-servlet and Jackson, nothing else.
def bundlesExactly = evaluate(new File(reactorRoot, "it/consumers/src/it/bundled-jars.groovy"))
return bundlesExactly(new File(basedir, "target/war-jaxrs-1.0.war"),
    ["moonkey-jaxrs", "moonkey-servlet", "jackson-databind", "jackson-core", "jackson-annotations"])
