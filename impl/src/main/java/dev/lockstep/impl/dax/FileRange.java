package dev.lockstep.impl.dax;

import static com.google.common.base.Preconditions.checkArgument;

/** A 2 MiB range of a file: {@code inode} and {@code pos >> FUSE_DAX_SHIFT}. */
public record FileRange(String inode, int range) implements Comparable<FileRange> {
  public FileRange {
    checkArgument(range >= 0, "negative range %s", range);
  }

  @Override
  public int compareTo(FileRange o) {
    int c = inode.compareTo(o.inode);
    return c != 0 ? c : Integer.compare(range, o.range);
  }

  @Override
  public String toString() {
    return inode + "@" + range;
  }
}
