// Unit tests for core/random. The expected sequences were produced by Debian's lua5.4
// (5.4.4); e.g. lua5.4 -e "math.randomseed(42) for i=1,5 do print(math.random(1,100),
// math.random()) end" prints the first table below.
#include "core/random.h"

#include <doctest/doctest.h>

#include "core/number.h"

using namespace tricolor;

TEST_CASE("math.randomseed(42) sequence matches lua5.4") {
    RandomState g;
    seedRandom(g, 42);
    const Integer ints[] = {50, 86, 64, 25, 24};
    const char* floats[] = {"0.54688311243421", "0.61731763595847", "0.96389739813422",
                            "0.19354861304396", "0.46350184055175"};
    for (int i = 0; i < 5; ++i) {
        CHECK(randomInRange(g, 1, 100) == ints[i]);
        CHECK(formatNumber(randomFloat(g)) == floats[i]);
    }
}

TEST_CASE("seeded sequences over many interval shapes match lua5.4") {
    // Per seed, four rounds of: random(1,100), random(6), random(0),
    // random(-10^15, 10^15), random(1, 2^62+1), random(mininteger, maxinteger),
    // random(7, 7), random().
    const Integer seeds[][2] = {{42, 0}, {0, 0}, {-1, 7}, {INT64_MIN, INT64_MAX}};
    struct Round {
        Integer a, b, c, d, e, f, g;
        Number x;
    };
    const Round expected[4][4] = {
        {{50LL, 4LL, -3807604385970496171LL, -851215092952139LL, 177101407732369984LL,
          8557396579841723654LL, 7LL, 0x1.192577f162cf4p-2},
         {3LL, 1LL, 786156329281515712LL, -565385475329027LL, 3672190198671438313LL,
          -1607029941279387476LL, 7LL, 0x1.c7278ee7d8eb4p-2},
         {68LL, 3LL, 3051236041644719045LL, 718942776880567LL, 3578661397811352177LL,
          -3612245498665647140LL, 7LL, 0x1.933eb5563e73ep-1},
         {74LL, 5LL, -2748267100557109523LL, 362012383322581LL, 1578843077627153152LL,
          1686793589230563815LL, 7LL, 0x1.6752543a3de3ep-2}},
        {{66LL, 1LL, 1277915526958806955LL, -295070868394219LL, 2854383942152437264LL,
          3474517563454657264LL, 7LL, 0x1.506d68baa9196p-1},
         {43LL, 3LL, 3760998950794155079LL, -992024155805959LL, 4422492651965507492LL,
          1845768475942026371LL, 7LL, 0x1.eddf6415fb802p-1},
         {8LL, 5LL, 2905996021209003972LL, -735553196080884LL, 3929470988646690923LL,
          1240909520103478696LL, 7LL, 0x1.7fcd8da124276p-2},
         {46LL, 5LL, -4698905471232620413LL, 317212527343114LL, 1940304611401931229LL,
          -2143079815463409906LL, 7LL, 0x1.c7e3a17ecd153p-1}},
        {{1LL, 2LL, -2888079167241113960LL, 925078180748494LL, 336644207658825901LL,
          -7773450433164281236LL, 7LL, 0x1.ed6b59558d981p-1},
         {33LL, 4LL, 4753403247356195518LL, 808255672073870LL, 2915379111105569211LL,
          3267460689613948001LL, 7LL, 0x1.4d21da53a0146p-1},
         {7LL, 6LL, -370426036546032400LL, 904224773773733LL, 3210180639875849934LL,
          7663966697397568514LL, 7LL, 0x1.0e5ecd9ea8b92p-2},
         {99LL, 6LL, -7977801964132331441LL, 610917300017574LL, 2646834838115695705LL,
          2892988224610233871LL, 7LL, 0x1.610febbaadb0dp-1}},
        {{51LL, 2LL, -2008183221196661060LL, -76286242181768LL, 4530606839385186539LL,
          5282617297633377822LL, 7LL, 0x1.5350774347488p-3},
         {8LL, 3LL, -5945252397044600154LL, 490104924950998LL, 1844518383129933218LL,
          5552500872629710912LL, 7LL, 0x1.66ccb5de66816p-2},
         {26LL, 4LL, 7881412909668998297LL, -170296713400382LL, 2086209256120040055LL,
          -8522836500796985120LL, 7LL, 0x1.55b3407e23496p-2},
         {77LL, 4LL, 6963775616639516919LL, 690455555501226LL, 259898903432565073LL,
          -4033856723899073066LL, 7LL, 0x1.d397bd7b6f82ap-2}},
    };
    for (int s = 0; s < 4; ++s) {
        CAPTURE(s);
        RandomState g;
        seedRandom(g, seeds[s][0], seeds[s][1]);
        for (const Round& r : expected[s]) {
            CHECK(randomInRange(g, 1, 100) == r.a);
            CHECK(randomInRange(g, 1, 6) == r.b);
            CHECK(randomInteger(g) == r.c);
            CHECK(randomInRange(g, -1000000000000000, 1000000000000000) == r.d);
            CHECK(randomInRange(g, 1, (Integer{1} << 62) + 1) == r.e);
            CHECK(randomInRange(g, INT64_MIN, INT64_MAX) == r.f);
            CHECK(randomInRange(g, 7, 7) == r.g);
            CHECK(randomFloat(g) == r.x);
        }
    }
}

TEST_CASE("generators are independent values") {
    RandomState a, b;
    seedRandom(a, 1);
    seedRandom(b, 1);
    CHECK(nextRandom(a) == nextRandom(b));
    nextRandom(a);
    CHECK(nextRandom(a) != nextRandom(b));
    RandomState copy = a;
    CHECK(nextRandom(copy) == nextRandom(a));
}

TEST_CASE("results stay inside their interval") {
    RandomState g;
    seedRandom(g, 123, 456);
    for (int i = 0; i < 10000; ++i) {
        Integer r = randomInRange(g, -3, 9);
        CHECK((r >= -3 && r <= 9));
        Number x = randomFloat(g);
        CHECK((x >= 0.0 && x < 1.0));
    }
}

TEST_CASE("projections of bits drawn beforehand match the drawing functions") {
    // math.random draws before checking its arguments (as lua5.4): the
    // split functions must give exactly what the one-step ones give.
    RandomState a, b;
    seedRandom(a, 42);
    seedRandom(b, 42);
    CHECK(unitFloatFromBits(nextRandom(a)) == randomFloat(b));
    uint64_t first = nextRandom(a);
    CHECK(rangeFromBits(a, first, 1, 100) == randomInRange(b, 1, 100));
    first = nextRandom(a);
    CHECK(rangeFromBits(a, first, -5, 1000003) == randomInRange(b, -5, 1000003));
    CHECK(nextRandom(a) == nextRandom(b)); // same number of draws on both sides
    RandomState c;
    seedRandom(c, 7);
    CHECK(rangeFromBits(c, 0xFFFFFFFFFFFFFFFFull, 0, 3) == 3); // power-of-two span: masked
    CHECK(rangeFromBits(c, 0, 10, 20) == 10);
}
