package fun.moonkey.flavour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every class, method and field that a javax jar's own classes (not the bundled HTTP client's)
 * refer to outside the library exists in the Java EE 8 APIs that this module's test class path
 * holds (Servlet 4.0, JAX-RS 2.1, CDI 2.0, Jersey 2, MicroProfile Metrics 3) or in the JDK. The
 * Transformer renames packages and nothing else: a call to a method that only Servlet 6 has (say
 * {@code SessionCookieConfig.getAttribute}) would survive it and fail on Tomcat 9 with a {@code
 * NoSuchMethodError}.
 */
class JavaxLinkageIT {

  /** {@code // owner.name:descriptor} of a field or method reference in javap's pool. */
  private static final Pattern MEMBER =
      Pattern.compile(
          "= (Fieldref|Methodref|InterfaceMethodref) +#\\d+\\.#\\d+ +// (\"?[^\":]+\"?)\\.(\"?[^\":]+\"?):(\\S+)$");

  private static final Pattern CLASS = Pattern.compile("= Class +#\\d+ +// (\\S+)$");

  /**
   * The HTTP client bundled in moonkey-servlet's jars (HttpClient 5, SLF4J), relocated: it refers
   * to no Java EE API, only to the JDK and to what it loads only when present (Conscrypt), so its
   * links are not the Transformer's to check. JarNamespaceIT still reads its names.
   */
  private static final String BUNDLED = "fun/moonkey/shaded/";

  @ParameterizedTest
  @ValueSource(strings = {"moonkey-servlet-javax", "moonkey-jaxrs-javax"})
  void everyOutsideReferenceResolvesAgainstTheJavaEe8Apis(String artifactId) throws Exception {
    Map<String, List<String>> pools = FlavourJars.constantPools(FlavourJars.jar(artifactId));
    Set<String> missing = new TreeSet<>();
    int checked = 0;
    for (Map.Entry<String, List<String>> pool : pools.entrySet()) {
      if (pool.getKey().startsWith(BUNDLED)) {
        continue;
      }
      for (String line : pool.getValue()) {
        Matcher member = MEMBER.matcher(line);
        Matcher type = CLASS.matcher(line);
        if (member.find()) {
          String owner = unquote(member.group(2));
          if (outside(owner)) {
            checked++;
            String problem =
                resolve(owner, unquote(member.group(3)), member.group(4), member.group(1));
            if (problem != null) {
              missing.add(pool.getKey() + " -> " + problem);
            }
          }
        } else if (type.find() && outside(type.group(1))) {
          checked++;
          if (load(type.group(1)) == null) {
            missing.add(pool.getKey() + " -> class " + type.group(1));
          }
        }
      }
    }
    assertEquals(Set.of(), missing);
    assertTrue(checked > 100, "only " + checked + " references checked");
  }

  private static boolean outside(String owner) {
    return !owner.startsWith("fun/moonkey/") && !owner.startsWith("[") && !owner.startsWith("\"[");
  }

  private static String unquote(String name) {
    return name.startsWith("\"") ? name.substring(1, name.length() - 1) : name;
  }

  private static Class<?> load(String internalName) {
    try {
      return Class.forName(
          internalName.replace('/', '.'), false, JavaxLinkageIT.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** Null when {@code owner.name:descriptor} exists, else what is missing. */
  private static String resolve(String owner, String name, String descriptor, String kind) {
    Class<?> type = load(owner);
    if (type == null) {
      return "class " + owner;
    }
    if (owner.startsWith("java/lang/invoke/")) {
      return null; // signature-polymorphic methods have no fixed descriptor
    }
    String member = owner + "." + name + ":" + descriptor;
    if (name.equals("<init>")) {
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (descriptor.equals(descriptor(constructor.getParameterTypes(), void.class))) {
          return null;
        }
      }
      return member;
    }
    for (Class<?> candidate : supertypes(type)) {
      if (kind.equals("Fieldref")) {
        for (Field field : candidate.getDeclaredFields()) {
          if (field.getName().equals(name) && descriptor.equals(descriptor(field.getType()))) {
            return null;
          }
        }
      } else {
        for (Method method : candidate.getDeclaredMethods()) {
          if (method.getName().equals(name)
              && descriptor.equals(
                  descriptor(method.getParameterTypes(), method.getReturnType()))) {
            return null;
          }
        }
      }
    }
    return member;
  }

  private static List<Class<?>> supertypes(Class<?> type) {
    List<Class<?>> all = new ArrayList<>();
    Set<Class<?>> seen = new HashSet<>();
    Deque<Class<?>> queue = new ArrayDeque<>(List.of(type, Object.class));
    while (!queue.isEmpty()) {
      Class<?> next = queue.poll();
      if (seen.add(next)) {
        all.add(next);
        if (next.getSuperclass() != null) {
          queue.add(next.getSuperclass());
        }
        queue.addAll(List.of(next.getInterfaces()));
      }
    }
    return all;
  }

  private static String descriptor(Class<?>[] parameters, Class<?> result) {
    StringBuilder out = new StringBuilder("(");
    for (Class<?> parameter : parameters) {
      out.append(descriptor(parameter));
    }
    return out.append(')').append(descriptor(result)).toString();
  }

  private static String descriptor(Class<?> type) {
    if (type.isArray()) {
      return type.getName().replace('.', '/');
    }
    if (!type.isPrimitive()) {
      return "L" + type.getName().replace('.', '/') + ";";
    }
    return switch (type.getName()) {
      case "void" -> "V";
      case "boolean" -> "Z";
      case "byte" -> "B";
      case "char" -> "C";
      case "short" -> "S";
      case "int" -> "I";
      case "long" -> "J";
      case "float" -> "F";
      case "double" -> "D";
      default -> throw new IllegalArgumentException(type.getName());
    };
  }
}
