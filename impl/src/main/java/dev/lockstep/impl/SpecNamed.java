package dev.lockstep.impl;

import java.util.Arrays;

/** A value of a spec constant, such as a protocol variant: its string in the spec. */
public interface SpecNamed {
  /** The spec's string, e.g. {@code "refcount-relaxed"}. */
  String specName();

  /**
   * The constant of {@code type} whose spec string is {@code specName}.
   *
   * @throws IllegalArgumentException naming the known values if there is none
   */
  static <E extends Enum<E> & SpecNamed> E of(Class<E> type, String specName) {
    E[] values = type.getEnumConstants();
    for (E v : values) {
      if (v.specName().equals(specName)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "no such variant in the Java model: "
            + specName
            + "; known: "
            + Arrays.stream(values).map(SpecNamed::specName).toList());
  }
}
