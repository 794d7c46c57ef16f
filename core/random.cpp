// random.cpp - see random.h for the design.
#include "core/random.h"

namespace tricolor {

namespace {

uint64_t rotateLeft(uint64_t x, int n) {
    return (x << n) | (x >> (64 - n));
}

// Smallest value of the form 2^b - 1 that is >= n.
uint64_t fillBelowHighestBit(uint64_t n) {
    for (int shift = 1; shift < 64; shift *= 2)
        n |= n >> shift;
    return n;
}

} // namespace

uint64_t nextRandom(RandomState& state) {
    uint64_t* s = state.s;
    uint64_t result = rotateLeft(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotateLeft(s[3], 45);
    return result;
}

void seedRandom(RandomState& state, Integer n1, Integer n2) {
    state.s[0] = static_cast<uint64_t>(n1);
    state.s[1] = 0xff; // keeps the state away from all zeros
    state.s[2] = static_cast<uint64_t>(n2);
    state.s[3] = 0;
    for (int i = 0; i < 16; ++i) // spread the seed before the first use
        nextRandom(state);
}

Number unitFloatFromBits(uint64_t bits) {
    return static_cast<Number>(bits >> 11) * 0x1p-53;
}

Number randomFloat(RandomState& state) {
    return unitFloatFromBits(nextRandom(state));
}

Integer randomInteger(RandomState& state) {
    return static_cast<Integer>(nextRandom(state));
}

Integer rangeFromBits(RandomState& state, uint64_t first, Integer low, Integer up) {
    uint64_t random = first;
    uint64_t span = static_cast<uint64_t>(up) - static_cast<uint64_t>(low);
    uint64_t offset;
    if ((span & (span + 1)) == 0) { // span + 1 is a power of two: masking has no bias
        offset = random & span;
    } else {
        uint64_t mask = fillBelowHighestBit(span);
        while ((random & mask) > span) // outside [0, span]: draw again
            random = nextRandom(state);
        offset = random & mask;
    }
    return static_cast<Integer>(static_cast<uint64_t>(low) + offset);
}

Integer randomInRange(RandomState& state, Integer low, Integer up) {
    uint64_t first = nextRandom(state);
    return rangeFromBits(state, first, low, up);
}

} // namespace tricolor
