package fun.moonkey.local;

/** The local logout's first step: the server-side session ends ({@code HttpSession.invalidate}). */
final class SessionInvalidation implements LocalLogout.Step {

  @Override
  public LocalLogout.Done run(LogoutRequest request, LocalLogout.Done done) {
    boolean ended = request.invalidateSession();
    return new LocalLogout.Done(ended, done.setCookies(), done.clearSiteData());
  }
}
