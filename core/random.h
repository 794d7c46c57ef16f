// random.h - Lua 5.4's pseudo-random generator (math.random / math.randomseed), without
// global state.
//
// Owns: the xoshiro256** generator (Blackman and Vigna) with lua5.4's seeding and its
// projection of 64 random bits onto an integer interval or a float in [0, 1), so that a
// seeded sequence is identical to lua5.4's (see test_random.cpp for the oracle numbers).
//
// Invariants: the state is never all zero (seeding puts 0xff in one word); every function
// is a pure function of the RandomState it is given, so several VMs (and a replayed
// recording) each own their own generator. Argument checks ("interval is empty", "wrong
// number of arguments", integer conversion of seeds) are the binding's.
#pragma once

#include <cstdint>

#include "core/number.h"

namespace tricolor {

struct RandomState {
    uint64_t s[4] = {0, 0, 0, 0};
};

// math.randomseed(n1, n2): n2 defaults to 0. lua5.4 seeds itself at startup, and on
// math.randomseed() without arguments, with (time, address); a deterministic binding
// passes its own pair (e.g. from the recording's seed and virtual clock).
void seedRandom(RandomState& state, Integer n1, Integer n2 = 0);

// The next 64 random bits.
uint64_t nextRandom(RandomState& state);

// math.random(): a float in [0, 1) built from the top 53 bits of the next value.
Number randomFloat(RandomState& state);

// math.random(0): all 64 bits as an Integer.
Integer randomInteger(RandomState& state);

// math.random(low, up) (and math.random(m) as random(1, m)); precondition low <= up.
// Draws until the masked value falls in range, exactly as lua5.4 does.
Integer randomInRange(RandomState& state, Integer low, Integer up);

// The same projections of bits already drawn. lua5.4's math.random draws the
// next value before it looks at its arguments (so a call that fails still
// advances the sequence); a binding that does the same uses these.
Number unitFloatFromBits(uint64_t bits);
// `first` is the first candidate; further ones are drawn from state.
Integer rangeFromBits(RandomState& state, uint64_t first, Integer low, Integer up);

} // namespace tricolor
