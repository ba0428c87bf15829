//! The serde `Serializer`s behind [`super::to_pairs`]: one for the top level (must be an object),
//! one for values under a key, one for map keys.

use serde::ser::{self, Impossible, Serialize};

use super::FormError;

type Pairs = Vec<(String, String)>;

/// Where a value sits. A list element is `name[]` when it is a scalar and `name[i]` when it is an
/// object or a list, which the element only knows once it is serialised.
enum Key {
    Named(String),
    Element { list: String, index: usize },
}

impl Key {
    fn scalar(&self) -> String {
        match self {
            Self::Named(name) => name.clone(),
            Self::Element { list, .. } => format!("{list}[]"),
        }
    }

    fn compound(&self) -> String {
        match self {
            Self::Named(name) => name.clone(),
            Self::Element { list, index } => format!("{list}[{index}]"),
        }
    }
}

/// Serialises the parameter struct itself: fields become top-level names.
pub(super) struct TopLevel<'a> {
    pub(super) out: &'a mut Pairs,
}

/// Serialises a value under a key.
struct Value<'a> {
    key: Key,
    out: &'a mut Pairs,
}

impl Value<'_> {
    fn push(self, value: String) -> Result<(), FormError> {
        self.out.push((self.key.scalar(), value));
        Ok(())
    }
}

/// Fields or entries of an object; `prefix` is `None` at the top level.
pub(super) struct Object<'a> {
    prefix: Option<String>,
    out: &'a mut Pairs,
    pending_key: Option<String>,
}

impl Object<'_> {
    fn key_for(&self, field: &str) -> String {
        match &self.prefix {
            Some(prefix) => format!("{prefix}[{field}]"),
            None => field.to_owned(),
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, field: &str, value: &T) -> Result<(), FormError> {
        let key = Key::Named(self.key_for(field));
        value.serialize(Value { key, out: self.out })
    }
}

/// Elements of a list or tuple.
pub(super) struct List<'a> {
    list: String,
    index: usize,
    out: &'a mut Pairs,
}

impl List<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let key = Key::Element {
            list: self.list.clone(),
            index: self.index,
        };
        self.index += 1;
        value.serialize(Value { key, out: self.out })
    }
}

macro_rules! reject_top_level {
    ($($method:ident($($arg:ty),*) => $what:literal;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<(), FormError> {
            Err(FormError::NotAnObject($what))
        })*
    };
}

impl<'a> ser::Serializer for TopLevel<'a> {
    type Ok = ();
    type Error = FormError;
    type SerializeSeq = Impossible<(), FormError>;
    type SerializeTuple = Impossible<(), FormError>;
    type SerializeTupleStruct = Impossible<(), FormError>;
    type SerializeTupleVariant = Impossible<(), FormError>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Impossible<(), FormError>;

    reject_top_level! {
        serialize_bool(bool) => "a boolean";
        serialize_i8(i8) => "a number";
        serialize_i16(i16) => "a number";
        serialize_i32(i32) => "a number";
        serialize_i64(i64) => "a number";
        serialize_u8(u8) => "a number";
        serialize_u16(u16) => "a number";
        serialize_u32(u32) => "a number";
        serialize_u64(u64) => "a number";
        serialize_f32(f32) => "a number";
        serialize_f64(f64) => "a number";
        serialize_char(char) => "a character";
        serialize_str(&str) => "a string";
        serialize_bytes(&[u8]) => "bytes";
        serialize_unit_variant(&'static str, u32, &'static str) => "an enum";
    }

    fn serialize_none(self) -> Result<(), FormError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FormError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), FormError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FormError> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), FormError> {
        Err(FormError::NotAnObject("an enum"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FormError> {
        Err(FormError::NotAnObject("a list"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, FormError> {
        Err(FormError::NotAnObject("a tuple"))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, FormError> {
        Err(FormError::NotAnObject("a tuple"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FormError> {
        Err(FormError::NotAnObject("an enum"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FormError> {
        Ok(Object {
            prefix: None,
            out: self.out,
            pending_key: None,
        })
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, FormError> {
        Ok(Object {
            prefix: None,
            out: self.out,
            pending_key: None,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FormError> {
        Err(FormError::NotAnObject("an enum"))
    }
}

impl<'a> ser::Serializer for Value<'a> {
    type Ok = ();
    type Error = FormError;
    type SerializeSeq = List<'a>;
    type SerializeTuple = List<'a>;
    type SerializeTupleStruct = List<'a>;
    type SerializeTupleVariant = Impossible<(), FormError>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Impossible<(), FormError>;

    fn serialize_bool(self, v: bool) -> Result<(), FormError> {
        self.push(v.to_string())
    }

    fn serialize_i8(self, v: i8) -> Result<(), FormError> {
        self.push(v.to_string())
    }

    fn serialize_i16(self, v: i16) -> Result<(), FormError> {
        self.push(v.to_string())
    }

    fn serialize_i32(self, v: i32) -> Result<(), FormError> {
        self.push(v.to_string())
    }

    fn serialize_i64(self, v: i64) -> Result<(), FormError> {
        self.push(v.to_string())
    }

    fn serialize_u8(self, v: u8) -> Result<(), FormError> {
        self.push(v.to_string())
    }

    fn serialize_u16(self, v: u16) -> Result<(), FormError> {
        self.push(v.to_string())
    }

    fn serialize_u32(self, v: u32) -> Result<(), FormError> {
        self.push(v.to_string())
    }

    fn serialize_u64(self, v: u64) -> Result<(), FormError> {
        self.push(v.to_string())
    }

    fn serialize_f32(self, v: f32) -> Result<(), FormError> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), FormError> {
        if !v.is_finite() {
            return Err(FormError::NonFinite);
        }
        self.push(v.to_string())
    }

    fn serialize_char(self, v: char) -> Result<(), FormError> {
        self.push(v.to_string())
    }

    fn serialize_str(self, v: &str) -> Result<(), FormError> {
        self.push(v.to_owned())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), FormError> {
        Err(FormError::Unsupported("raw bytes"))
    }

    fn serialize_none(self) -> Result<(), FormError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FormError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), FormError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FormError> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), FormError> {
        self.push(variant.to_owned())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), FormError> {
        Err(FormError::Unsupported("an enum variant with data"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FormError> {
        Ok(List {
            list: self.key.compound(),
            index: 0,
            out: self.out,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, FormError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, FormError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FormError> {
        Err(FormError::Unsupported("an enum variant with data"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FormError> {
        Ok(Object {
            prefix: Some(self.key.compound()),
            out: self.out,
            pending_key: None,
        })
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, FormError> {
        Ok(Object {
            prefix: Some(self.key.compound()),
            out: self.out,
            pending_key: None,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FormError> {
        Err(FormError::Unsupported("an enum variant with data"))
    }
}

impl ser::SerializeStruct for Object<'_> {
    type Ok = ();
    type Error = FormError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        field: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        self.field(field, value)
    }

    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = FormError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FormError> {
        self.pending_key = Some(key.serialize(MapKey)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let key = self
            .pending_key
            .take()
            .ok_or(FormError::Custom("map value without a key".into()))?;
        self.field(&key, value)
    }

    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeSeq for List<'_> {
    type Ok = ();
    type Error = FormError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.element(value)
    }

    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeTuple for List<'_> {
    type Ok = ();
    type Error = FormError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.element(value)
    }

    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for List<'_> {
    type Ok = ();
    type Error = FormError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.element(value)
    }

    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

/// Map keys: strings, numbers and unit enum variants.
struct MapKey;

macro_rules! key_to_string {
    ($($method:ident($ty:ty);)*) => {
        $(fn $method(self, v: $ty) -> Result<String, FormError> {
            Ok(v.to_string())
        })*
    };
}

macro_rules! reject_key {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<String, FormError> {
            Err(FormError::KeyNotAString)
        })*
    };
}

impl ser::Serializer for MapKey {
    type Ok = String;
    type Error = FormError;
    type SerializeSeq = Impossible<String, FormError>;
    type SerializeTuple = Impossible<String, FormError>;
    type SerializeTupleStruct = Impossible<String, FormError>;
    type SerializeTupleVariant = Impossible<String, FormError>;
    type SerializeMap = Impossible<String, FormError>;
    type SerializeStruct = Impossible<String, FormError>;
    type SerializeStructVariant = Impossible<String, FormError>;

    key_to_string! {
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_char(char);
        serialize_str(&str);
    }

    reject_key! {
        serialize_bool(bool);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_bytes(&[u8]);
        serialize_unit();
        serialize_unit_struct(&'static str);
    }

    fn serialize_none(self) -> Result<String, FormError> {
        Err(FormError::KeyNotAString)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, FormError> {
        Err(FormError::KeyNotAString)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, FormError> {
        Ok(variant.to_owned())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, FormError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, FormError> {
        Err(FormError::KeyNotAString)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FormError> {
        Err(FormError::KeyNotAString)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, FormError> {
        Err(FormError::KeyNotAString)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, FormError> {
        Err(FormError::KeyNotAString)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FormError> {
        Err(FormError::KeyNotAString)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FormError> {
        Err(FormError::KeyNotAString)
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, FormError> {
        Err(FormError::KeyNotAString)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FormError> {
        Err(FormError::KeyNotAString)
    }
}
