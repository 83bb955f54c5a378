package dev.lockstep.impl.writeback;

import dev.lockstep.impl.SpecNamed;

/**
 * The designs of specs/writeback/FuseWriteback.tla (CONSTANT {@code Variant}); the spec's header cites the source of
 * each.
 */
public enum WritebackDesign implements SpecNamed {
  /** Temp pages, PG_writeback ended at send, fi->writepages tree, 8b284dc47291's wpa->next chain. */
  TEMP_PAGES("temp-pages"),
  /** The same without the chain: a rewrite is sent next to the request in flight (not a release). */
  TEMP_PAGES_NO_CHAIN("temp-pages-no-chain"),
  /** Seed 003's RFC: the page itself is sent and stays PG_writeback; folio_wait_stable in page_mkwrite. */
  RFC_NO_TEMP("rfc-no-temp"),
  /** v6.16 (0c58a97f919c): no temp folio, no tree; folio_wait_writeback in page_mkwrite. */
  UPSTREAM("upstream");

  private final String specName;

  WritebackDesign(String specName) {
    this.specName = specName;
  }

  /** @throws IllegalArgumentException naming the known designs if there is none */
  public static WritebackDesign of(String specName) {
    return SpecNamed.of(WritebackDesign.class, specName);
  }

  @Override
  public String specName() {
    return specName;
  }

  /** The spec's {@code TempPages}: every WRITE carries a copy and PG_writeback ends when it is sent. */
  public boolean tempPages() {
    return this == TEMP_PAGES || this == TEMP_PAGES_NO_CHAIN;
  }
}
