#include "readers.hpp"

#include <algorithm>
#include <cstdlib>

namespace camnet::grade::testing {
namespace {

[[noreturn]] void fail(const std::string& what, std::size_t at) {
  throw std::runtime_error(what + " at offset " + std::to_string(at));
}

void append_utf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

struct JsonReader {
  const std::string& s;
  std::size_t i = 0;

  void space() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'))
      ++i;
  }
  void expect(char c) {
    space();
    if (i >= s.size() || s[i] != c)
      fail(std::string("expected '") + c + "'", i);
    ++i;
  }
  bool word(const char* w) {
    std::string ws = w;
    if (s.compare(i, ws.size(), ws) != 0)
      return false;
    i += ws.size();
    return true;
  }
  std::string string() {
    expect('"');
    std::string out;
    while (true) {
      if (i >= s.size())
        fail("unterminated string", i);
      unsigned char c = static_cast<unsigned char>(s[i++]);
      if (c == '"')
        return out;
      if (c < 0x20)
        fail("a raw control character in a string", i - 1);
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (i >= s.size())
        fail("unterminated escape", i);
      char e = s[i++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          if (i + 4 > s.size())
            fail("short \\u escape", i);
          append_utf8(out, std::strtoul(s.substr(i, 4).c_str(), nullptr, 16));
          i += 4;
          break;
        }
        default:
          fail("a bad escape", i - 1);
      }
    }
  }
  Json value() {
    space();
    if (i >= s.size())
      fail("expected a value", i);
    Json v;
    char c = s[i];
    if (c == '{') {
      v.type = Json::Type::object;
      ++i;
      space();
      if (i < s.size() && s[i] == '}') {
        ++i;
        return v;
      }
      while (true) {
        space();
        std::string key = string();
        expect(':');
        v.keys.push_back(key);
        v.values.push_back(value());
        space();
        if (i < s.size() && s[i] == ',') {
          ++i;
          continue;
        }
        expect('}');
        return v;
      }
    }
    if (c == '[') {
      v.type = Json::Type::array;
      ++i;
      space();
      if (i < s.size() && s[i] == ']') {
        ++i;
        return v;
      }
      while (true) {
        v.array.push_back(value());
        space();
        if (i < s.size() && s[i] == ',') {
          ++i;
          continue;
        }
        expect(']');
        return v;
      }
    }
    if (c == '"') {
      v.type = Json::Type::string;
      v.string = string();
      return v;
    }
    if (word("true") || word("false")) {
      v.type = Json::Type::boolean;
      v.boolean = s[i - 1] == 'e' && s[i - 2] == 'u';
      return v;
    }
    if (word("null"))
      return v;
    std::size_t start = i;
    if (s[i] == '-')
      ++i;
    while (i < s.size() && std::string_view("0123456789.eE+-").find(s[i]) != std::string::npos)
      ++i;
    if (i == start || (i == start + 1 && s[start] == '-'))
      fail("expected a value", start);
    v.type = Json::Type::number;
    v.number = std::strtod(s.substr(start, i - start).c_str(), nullptr);
    return v;
  }
};

struct XmlReader {
  const std::string& s;
  std::size_t i = 0;

  bool at(const char* text) const { return s.compare(i, std::string(text).size(), text) == 0; }
  void space() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'))
      ++i;
  }
  std::string name() {
    std::size_t start = i;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' ||
                            s[i] == '-' || s[i] == '.' || s[i] == ':'))
      ++i;
    if (i == start)
      fail("expected a name", i);
    return s.substr(start, i - start);
  }
  // Character data up to `end`, with entities decoded; '<' and '&' alone are errors.
  std::string chars(char end) {
    std::string out;
    while (i < s.size() && s[i] != end) {
      if (s[i] == '<')
        fail("a raw '<'", i);
      if (s[i] != '&') {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
          fail("a control character XML does not allow", i);
        out += s[i++];
        continue;
      }
      std::size_t semi = s.find(';', i);
      if (semi == std::string::npos)
        fail("an unterminated entity", i);
      std::string entity = s.substr(i + 1, semi - i - 1);
      if (entity == "amp")
        out += '&';
      else if (entity == "lt")
        out += '<';
      else if (entity == "gt")
        out += '>';
      else if (entity == "quot")
        out += '"';
      else if (entity == "apos")
        out += '\'';
      else if (entity.size() > 1 && entity[0] == '#')
        append_utf8(out, entity[1] == 'x' ? std::strtoul(entity.c_str() + 2, nullptr, 16)
                                          : std::strtoul(entity.c_str() + 1, nullptr, 10));
      else
        fail("an unknown entity &" + entity + ";", i);
      i = semi + 1;
    }
    return out;
  }
  XmlElement element() {
    if (!at("<"))
      fail("expected '<'", i);
    ++i;
    XmlElement e;
    e.name = name();
    while (true) {
      space();
      if (at("/>")) {
        i += 2;
        return e;
      }
      if (at(">")) {
        ++i;
        break;
      }
      std::string key = name();
      space();
      if (!at("="))
        fail("expected '='", i);
      ++i;
      space();
      if (!at("\""))
        fail("expected '\"'", i);
      ++i;
      if (e.attributes.count(key))
        fail("attribute " + key + " twice", i);
      e.attributes[key] = chars('"');
      if (!at("\""))
        fail("unterminated attribute", i);
      ++i;
    }
    while (true) {
      e.text += chars('<');
      if (i >= s.size())
        fail("<" + e.name + "> is never closed", i);
      if (at("</")) {
        i += 2;
        std::string closing = name();
        if (closing != e.name)
          fail("</" + closing + "> closes <" + e.name + ">", i);
        space();
        if (!at(">"))
          fail("expected '>'", i);
        ++i;
        return e;
      }
      e.children.push_back(element());
    }
  }
};

}  // namespace

bool Json::has(const std::string& key) const {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

const Json& Json::operator[](const std::string& key) const {
  auto it = std::find(keys.begin(), keys.end(), key);
  if (it == keys.end())
    throw std::runtime_error("no key \"" + key + "\"");
  return values[static_cast<std::size_t>(it - keys.begin())];
}

Json parse_json(const std::string& text) {
  JsonReader r{text};
  Json v = r.value();
  r.space();
  if (r.i != text.size())
    fail("text after the value", r.i);
  return v;
}

std::vector<const XmlElement*> XmlElement::all(const std::string& child_name) const {
  std::vector<const XmlElement*> out;
  for (const XmlElement& c : children) {
    if (c.name == child_name)
      out.push_back(&c);
  }
  return out;
}

std::string XmlElement::attribute(const std::string& key) const {
  auto it = attributes.find(key);
  if (it == attributes.end())
    throw std::runtime_error("<" + name + "> has no attribute " + key);
  return it->second;
}

XmlElement parse_xml(const std::string& text) {
  XmlReader r{text};
  if (r.at("<?xml")) {
    std::size_t end = text.find("?>");
    if (end == std::string::npos)
      fail("an unterminated declaration", 0);
    r.i = end + 2;
  }
  r.space();
  XmlElement root = r.element();
  r.space();
  if (r.i != text.size())
    fail("text after the root element", r.i);
  return root;
}

}  // namespace camnet::grade::testing
