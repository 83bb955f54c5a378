package dev.lockstep.impl.runtime;

import com.google.common.collect.ImmutableSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The page table entries of one user mm, by user address. A normal PTE maps a page and holds one
 * reference to it (the fault's reference moves into it in {@code finish_fault}); a special PTE
 * ({@code vm_insert_pages_mkspecial}) maps memory without a reference. Zapping a PTE ({@code
 * unmap_mapping_range}, {@code zap_page_range}) puts the reference of a normal one.
 *
 * <p>User space reads whatever page its PTE maps, and takes no fault while the PTE is present:
 * {@link #pageAt} between steps shows a stale mapping (a PTE for a page that is no longer the one
 * the kernel keeps at that offset) and what user space reads through it. A PTE installed for a
 * freed page is reported by the {@link PageAllocator}.
 *
 * <p>Not modelled: page table locks (each operation is one step, as under the PTE lock), huge
 * pages, and which mm lock the caller holds (the callers take {@code mmap_lock} or {@code
 * i_mmap_rwsem} themselves, as the kernel's callers do).
 */
public final class PageTable {
  private final Scheduler scheduler;
  private final String mm;
  private final Map<String, Pte> ptes = new LinkedHashMap<>();

  /** A present PTE: {@code page} (null if special) and, for a special one, what it maps. */
  private record Pte(PageAllocator.Page page, String special) {}

  public PageTable(Scheduler scheduler, String mm) {
    this.scheduler = scheduler;
    this.mm = mm;
  }

  /**
   * {@code finish_fault}: installs a PTE for {@code page} at {@code address}, whose reference moves
   * into it; if another fault installed one first ({@code VM_FAULT_NOPAGE}), puts the reference.
   */
  public void finishFault(String address, PageAllocator.Page page) {
    String label = "finish_fault(" + mm + ", " + address + ", " + page.name() + ")";
    scheduler.perform(
        label,
        Ordering.RELEASE,
        () -> {
          if (ptes.containsKey(address)) {
            page.put(label);
          } else {
            page.checkLive(label);
            ptes.put(address, new Pte(page, null));
          }
        });
  }

  /** The initial state: a special PTE for {@code what} before the run; not a scheduling point. */
  public void specialAtStart(String address, String what) {
    ptes.put(address, new Pte(null, what));
  }

  /** {@code vm_insert_pages_mkspecial}: a special PTE for {@code what}, holding no reference. */
  public void insertSpecial(String address, String what) {
    scheduler.perform(
        "vm_insert_pages_mkspecial(" + mm + ", " + address + ")",
        Ordering.RELEASE,
        () -> ptes.put(address, new Pte(null, what)));
  }

  /**
   * Zaps the PTE at {@code address}, if present, in {@code operation} ({@code
   * unmap_mapping_range}, {@code zap_page_range}): a normal PTE's reference is put.
   */
  public void zap(String operation, String address) {
    String label = operation + "(" + mm + ", " + address + ")";
    scheduler.perform(
        label,
        Ordering.RELEASE,
        () -> {
          Pte pte = ptes.remove(address);
          if (pte != null && pte.page() != null) {
            pte.page().put(label);
          }
        });
  }

  /** The page a normal PTE at {@code address} maps; read between steps. */
  public Optional<PageAllocator.Page> pageAt(String address) {
    return Optional.ofNullable(ptes.get(address)).map(Pte::page);
  }

  /** What the special PTEs map; read between steps. */
  public ImmutableSet<String> specialMappings() {
    return ptes.values().stream()
        .filter(p -> p.page() == null)
        .map(Pte::special)
        .collect(ImmutableSet.toImmutableSet());
  }
}
