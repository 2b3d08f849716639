package fun.moonkey.jaxrs;

/** Tells whether the servlet API is on the class path, without linking any of its types. */
final class ServletApi {

  /** True when the servlet API can be loaded by this library's class loader. */
  static final boolean PRESENT = present();

  private ServletApi() {}

  private static boolean present() {
    try {
      Class.forName(
          "jakarta.servlet.http.HttpServletRequest", false, ServletApi.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
