// Strict little readers of JSON and XML, so the tests can check that what the grader writes parses
// and holds the right fields, with no library the course does not already need. They accept only
// what the standards allow (of the parts the grader writes) and throw std::runtime_error, naming
// the offset, at anything else.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace camnet::grade::testing {

struct Json {
  enum class Type { null, boolean, number, string, array, object } type = Type::null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> array;
  std::vector<std::string> keys;  // an object's, in order, each with its value in `values`
  std::vector<Json> values;

  bool has(const std::string& key) const;
  const Json& operator[](const std::string& key) const;  // throws if absent
};

Json parse_json(const std::string& text);

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<XmlElement> children;
  std::string text;  // the character data directly inside, entities decoded

  std::vector<const XmlElement*> all(const std::string& child_name) const;
  std::string attribute(const std::string& key) const;  // throws if absent
};

// The document's root element (after an optional <?xml ...?> declaration).
XmlElement parse_xml(const std::string& text);

}  // namespace camnet::grade::testing
