package dev.lockstep.checker.value;

/**
 * MurmurHash3's 32-bit finaliser, for hashing collections of values as sums of mixed parts. A plain sum (what
 * {@link java.util.Map#hashCode} and {@link java.util.Set#hashCode} specify) collides on most small-integer states:
 * {@code {1, 4}} and {@code {2, 3}}, or {@code [a |-> 1, b |-> 2]} and {@code [a |-> 2, b |-> 1]}, hash alike, and an
 * exploration's hash sets then compare whole states along long chains. Mixing each part first keeps the sum
 * independent of order (equal values hash alike however they are listed) and makes collisions chance events.
 */
public final class HashMix {
    private HashMix() {}

    public static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** One entry of a map-like value, mixed so that swapping values between keys changes the sum. */
    public static int entry(int keyHash, int valueHash) {
        return mix(mix(keyHash) * 31 + valueHash);
    }
}
