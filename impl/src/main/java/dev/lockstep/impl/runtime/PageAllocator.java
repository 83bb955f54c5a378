package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page frames of a model ({@code struct page}): each has a reference count ({@code
 * page->_refcount}), a lock bit ({@link PageLock}) and contents. {@code alloc_page} hands out a
 * free frame whose count is 0, trying the frames in the allocator's order, and frames are reused
 * (the kernel's per-CPU lists hand a just-freed page out first; the order says which frame comes
 * first). The put that drops the last reference frees the frame ({@code put_page}, {@code
 * __free_page}).
 *
 * <p>A use of a freed frame ({@code get_page}, a put, a copy into it, a PTE installed for it) is reported, naming the task and the access, and who freed
 * the frame in which operation; as with KASAN's default the run goes on, so a model shows what
 * follows. Read the reports between steps or after the run.
 *
 * <p>Not modelled: compound pages, the page cache, and the checks of {@code free_pages_prepare}
 * (a frame whose count a use after free raised again is not handed out; a kernel that checks new
 * pages, e.g. with CONFIG_DEBUG_VM, reports such a frame as a bad page, "nonzero _refcount").
 */
public final class PageAllocator {
  private final Scheduler scheduler;
  private final Map<String, Page> frames = new LinkedHashMap<>();
  private final List<String> reports = new ArrayList<>();

  /** @param frames the page frames, in the order {@code alloc_page} tries them */
  public PageAllocator(Scheduler scheduler, List<String> frames) {
    this.scheduler = scheduler;
    frames.forEach(f -> this.frames.put(f, new Page(f)));
  }

  /** The frame {@code name}. */
  public Page frame(String name) {
    Page p = frames.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no page frame " + name + " (frames: " + frames.keySet() + ")");
    }
    return p;
  }

  /** Every frame, in allocation order. */
  public ImmutableList<Page> frames() {
    return ImmutableList.copyOf(frames.values());
  }

  /**
   * The initial state: {@code name} is allocated with {@code refs} references before the run, as
   * if {@code alloc_page} had returned it; not a scheduling point.
   */
  public Page allocatedAtStart(String name, int refs) {
    Page p = frame(name);
    p.allocated = true;
    p.refcount = refs;
    return p;
  }

  /**
   * {@code alloc_page(GFP_NOIO)}: the first free frame with no references, with one reference.
   *
   * @throws KernelWarning if there is none (the model gave the allocator too few frames)
   */
  public Page allocPage() {
    return scheduler.step(
        "alloc_page()",
        Ordering.RELAXED,
        () -> {
          Page p =
              frames.values().stream()
                  .filter(f -> !f.allocated && f.refcount == 0)
                  .findFirst()
                  .orElseThrow(() -> new KernelWarning("alloc_page: no free page frame in " + frames.keySet()));
          p.allocated = true;
          p.refcount = 1;
          p.freedBy = null;
          p.contents = "";
          return p;
        });
  }

  /** Every use-after-free report so far, in order; read between steps. */
  public ImmutableList<String> reports() {
    return ImmutableList.copyOf(reports);
  }

  /** One page frame. */
  public final class Page {
    private final String name;
    private final PageLock lock;
    private boolean allocated;
    private int refcount;
    private String freedBy;
    private String contents = "";

    private Page(String name) {
      this.name = name;
      this.lock = new PageLock(scheduler, name);
    }

    /** {@code get_page}: one more reference. */
    public void getPage() {
      scheduler.perform(
          "get_page(" + name + ")",
          Ordering.RELAXED,
          () -> {
            checkLive("get_page(" + name + ")");
            refcount++;
          });
    }

    /** {@code put_page}: one reference less; the last frees the frame. */
    public void putPage() {
      scheduler.perform("put_page(" + name + ")", Ordering.RELEASE, () -> put("put_page(" + name + ")"));
    }

    /** {@code __free_page}: drops the caller's reference, and frees the frame if it was the last. */
    public void freePage() {
      scheduler.perform("__free_page(" + name + ")", Ordering.RELEASE, () -> put("__free_page(" + name + ")"));
    }

    /** A copy into the page ({@code memcpy} after {@code kmap}): its contents become {@code data}. */
    public void write(String label, String data) {
      scheduler.perform(
          label + "(" + name + ")",
          Ordering.RELAXED,
          () -> {
            checkLive(label + "(" + name + ")");
            contents = data;
          });
    }

    /** Drops one reference; call from within an effect. */
    void put(String operation) {
      checkLive(operation);
      if (refcount <= 0) {
        throw new KernelWarning("page_ref underflow in " + operation + " by " + scheduler.currentTask());
      }
      if (--refcount == 0 && allocated) {
        allocated = false;
        freedBy = "task " + scheduler.currentTask() + " in " + operation;
      }
    }

    /** Reports an access to the frame if it is freed; call from within an effect. */
    void checkLive(String access) {
      if (!allocated) {
        reports.add(
            "BUG: use-after-free in " + access + " by task " + scheduler.currentTask() + ": " + name
                + " was freed by " + (freedBy == null ? "nobody (never allocated)" : freedBy));
      }
    }

    public String name() {
      return name;
    }

    /** PG_locked. */
    public PageLock lock() {
      return lock;
    }

    /** Read between steps. */
    public boolean allocated() {
      return allocated;
    }

    /** page_ref_count, read between steps. */
    public int refcount() {
      return refcount;
    }

    /** What was last copied into the page; read between steps. */
    public String contents() {
      return contents;
    }

    /** Who freed the frame, while it is free. */
    public Optional<String> freedBy() {
      return Optional.ofNullable(freedBy);
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
