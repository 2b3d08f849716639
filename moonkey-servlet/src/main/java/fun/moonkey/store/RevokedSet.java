package fun.moonkey.store;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The fingerprints of revoked credentials, for the filter's check on every request: {@link
 * #contains} reads without a lock and allocates nothing (open addressing over a power-of-two array
 * of longs, 0 for an empty slot). Adds are serialised; the array doubles at half full. Nothing is
 * removed: {@link RevokedSessions} drops a whole set when it has aged out.
 */
final class RevokedSet {

  private static final int INITIAL = 1024;

  private volatile AtomicLongArray table = new AtomicLongArray(INITIAL);
  private int size;

  boolean contains(long fingerprint) {
    if (fingerprint == 0) {
      return false;
    }
    AtomicLongArray slots = table;
    int mask = slots.length() - 1;
    int i = slot(fingerprint, mask);
    while (true) {
      long found = slots.get(i);
      if (found == fingerprint) {
        return true;
      }
      if (found == 0) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  synchronized void add(long fingerprint) {
    if (contains(fingerprint)) {
      return;
    }
    if ((size + 1) * 2 > table.length()) {
      AtomicLongArray bigger = new AtomicLongArray(table.length() * 2);
      AtomicLongArray old = table;
      for (int i = 0; i < old.length(); i++) {
        if (old.get(i) != 0) {
          insert(bigger, old.get(i));
        }
      }
      table = bigger;
    }
    insert(table, fingerprint);
    size++;
  }

  synchronized int size() {
    return size;
  }

  private static boolean insert(AtomicLongArray slots, long fingerprint) {
    int mask = slots.length() - 1;
    int i = slot(fingerprint, mask);
    while (slots.get(i) != 0) {
      if (slots.get(i) == fingerprint) {
        return false;
      }
      i = (i + 1) & mask;
    }
    slots.set(i, fingerprint);
    return true;
  }

  private static int slot(long fingerprint, int mask) {
    // Fingerprints are already uniform (SHA-256): fold the halves.
    return (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
  }
}
