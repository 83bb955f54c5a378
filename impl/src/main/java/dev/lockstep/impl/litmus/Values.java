package dev.lockstep.impl.litmus;

import java.util.List;

/**
 * Values of litmus programs as {@code long}s: integers, and pointers to shared locations (herd's
 * {@code y=z} initialisation, {@code rcu_assign_pointer(*y, x)}), which carry a tag bit above the
 * integer range so that the two never compare equal.
 */
final class Values {
  private static final long LOCATION_TAG = 1L << 40;

  private Values() {}

  static long location(int index) {
    return LOCATION_TAG | index;
  }

  static boolean isLocation(long value) {
    return (value & LOCATION_TAG) != 0;
  }

  static int locationIndex(long value) {
    return (int) (value & ~LOCATION_TAG);
  }

  static String render(long value, List<String> locations) {
    return isLocation(value) ? locations.get(locationIndex(value)) : Long.toString(value);
  }
}
