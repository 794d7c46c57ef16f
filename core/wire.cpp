// wire.cpp — encoding and decoding worker messages (see wire.h).
#include "core/wire.h"

#include <cstring>

#include "core/number.h"
#include "core/string.h"
#include "core/table.h"
#include "core/vm.h"

namespace tricolor {

namespace {

// --- Encoding -------------------------------------------------------------------

class Encoder {
  public:
    explicit Encoder(std::vector<uint8_t>& out) : out_(out) {}

    bool encode(const Value& v, std::string& error) {
        out_.push_back('T');
        out_.push_back('W');
        out_.push_back(kWireVersion);
        if (!value(v, 0)) {
            error = error_;
            return false;
        }
        return true;
    }

  private:
    std::vector<uint8_t>& out_;
    std::vector<const Table*> path_; // tables being encoded, to detect cycles
    std::string where_;              // " (at key 'x')" of the innermost failure
    std::string error_;

    void bytes(const void* p, size_t n) {
        auto* b = static_cast<const uint8_t*>(p);
        out_.insert(out_.end(), b, b + n);
    }
    void u64(uint64_t x) {
        uint8_t b[8];
        for (int k = 0; k < 8; k++) b[k] = uint8_t(x >> (8 * k));
        bytes(b, 8);
    }
    void varint(uint64_t x) {
        while (x >= 0x80) {
            out_.push_back(uint8_t(x) | 0x80);
            x >>= 7;
        }
        out_.push_back(uint8_t(x));
    }

    bool fail(const char* what) {
        error_ = std::string("cannot send ") + what;
        return false;
    }

    // Describes a key for error messages: " (at key 'name')" or " (at index 3)".
    static std::string keyLabel(const Value& key) {
        if (key.isString()) return " (at key '" + std::string(view(key.asString())) + "')";
        if (key.isInt()) return " (at index " + formatInteger(key.i) + ")";
        return " (at a non-string key)";
    }

    bool value(const Value& v, int depth) {
        switch (v.tag) {
        case Tag::Nil: out_.push_back('n'); return true;
        case Tag::False: out_.push_back('f'); return true;
        case Tag::True: out_.push_back('t'); return true;
        case Tag::Int:
            out_.push_back('i');
            u64(uint64_t(v.i));
            return true;
        case Tag::Float: {
            out_.push_back('d');
            u64(floatBits(v.n));
            return true;
        }
        case Tag::String: {
            String* s = v.asString();
            out_.push_back('s');
            varint(s->length);
            bytes(s->data(), s->length);
            return true;
        }
        case Tag::Table: return table(v.asTable(), depth);
        case Tag::LuaClosure:
        case Tag::HostClosure:
        case Tag::HostFunction: return fail("a function");
        case Tag::Userdata:
        case Tag::LightUserdata: return fail("a userdata");
        case Tag::Thread: return fail("a thread");
        default: return fail("an internal value");
        }
    }

    bool table(const Table* t, int depth) {
        if (depth >= kWireMaxDepth) return fail("a table nested this deeply");
        for (const Table* open : path_)
            if (open == t) return fail("a table that contains itself (a cycle)");
        path_.push_back(t);
        // Count entries first, then write them.
        uint64_t n = 0;
        Value key, val;
        bool invalid = false;
        while (tableNext(t, key, val, invalid)) n++;
        out_.push_back('T');
        varint(n);
        key = Value();
        while (tableNext(t, key, val, invalid)) {
            if (!value(key, depth + 1) || !value(val, depth + 1)) {
                if (error_.find(" (at ") == std::string::npos) error_ += keyLabel(key);
                return false;
            }
        }
        path_.pop_back();
        return true;
    }
};

// --- Decoding -------------------------------------------------------------------

class Decoder {
  public:
    Decoder(VM& vm, const uint8_t* p, size_t n) : vm_(vm), p_(p), end_(p + n) {}

    bool decode(Value& out, std::string& error) {
        if (size_t(end_ - p_) < 3 || p_[0] != 'T' || p_[1] != 'W')
            return fail(error, "not a Tricolor wire message");
        if (p_[2] != kWireVersion) return fail(error, "unsupported wire format version");
        p_ += 3;
        if (!value(out, 0)) return fail(error, error_.c_str());
        if (p_ != end_) return fail(error, "trailing bytes after the value");
        return true;
    }

  private:
    VM& vm_;
    const uint8_t* p_;
    const uint8_t* end_;
    std::string error_ = "truncated message";

    static bool fail(std::string& error, const char* message) {
        error = std::string("malformed message: ") + message;
        return false;
    }
    bool bad(const char* message) {
        error_ = message;
        return false;
    }
    size_t remaining() const { return size_t(end_ - p_); }

    bool u64(uint64_t& x) {
        if (remaining() < 8) return bad("truncated number");
        x = 0;
        for (int k = 0; k < 8; k++) x |= uint64_t(p_[k]) << (8 * k);
        p_ += 8;
        return true;
    }
    bool varint(uint64_t& x) {
        x = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!remaining()) return bad("truncated length");
            uint8_t b = *p_++;
            x |= uint64_t(b & 0x7F) << shift;
            if (!(b & 0x80)) return true;
        }
        return bad("length too long");
    }

    bool value(Value& out, int depth) {
        if (!remaining()) return bad("truncated value");
        switch (*p_++) {
        case 'n': out = Value(); return true;
        case 'f': out = Value::boolean(false); return true;
        case 't': out = Value::boolean(true); return true;
        case 'i': {
            uint64_t x;
            if (!u64(x)) return false;
            out = Value::integer(Integer(x));
            return true;
        }
        case 'd': {
            uint64_t bits;
            if (!u64(bits)) return false;
            out = Value::number(floatFromBits(bits));
            return true;
        }
        case 's': {
            uint64_t len;
            if (!varint(len)) return false;
            if (len > remaining()) return bad("string longer than the message");
            out = Value::object(internString(vm_, reinterpret_cast<const char*>(p_), size_t(len)));
            p_ += len;
            return true;
        }
        case 'T': return table(out, depth);
        default: return bad("unknown value tag");
        }
    }

    bool table(Value& out, int depth) {
        if (depth >= kWireMaxDepth) return bad("tables nested too deeply");
        uint64_t n;
        if (!varint(n)) return false;
        // Each pair needs at least two bytes: an honest count never exceeds this.
        if (n > remaining() / 2) return bad("table count larger than the message");
        Table* t = newTable(vm_);
        out = Value::object(t);
        for (uint64_t k = 0; k < n; k++) {
            Value key, val;
            if (!value(key, depth + 1) || !value(val, depth + 1)) return false;
            if (key.isNil() || (key.isFloat() && key.n != key.n)) return bad("invalid table key");
            tableSet(vm_, t, key, val);
        }
        return true;
    }
};

} // namespace

bool wireEncode(VM&, const Value& v, std::vector<uint8_t>& out, std::string& error) {
    out.clear();
    return Encoder(out).encode(v, error);
}

bool wireDecode(VM& vm, const uint8_t* bytes, size_t size, Value& out, std::string& error) {
    return Decoder(vm, bytes, size).decode(out, error);
}

} // namespace tricolor
