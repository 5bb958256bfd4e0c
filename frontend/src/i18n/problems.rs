//! Validation problems worded for the user: English is `FieldError`'s own `Display`, Chinese is
//! written here.

use shared::validate::{Field, FieldError, Problem, MAX_ID_LEN};

use super::Lang;

fn field_zh(field: Field) -> &'static str {
    match field {
        Field::Name => "名称",
        Field::Description => "描述",
        Field::VolumeId => "云硬盘 ID",
        Field::SnapshotId => "快照 ID",
        Field::Force => "强制创建",
        Field::Metadata => "元数据",
        Field::Marker => "分页标记",
        Field::Offset => "偏移量",
        Field::Limit => "每页条数",
        Field::Status => "状态",
        Field::DiskUsage => "磁盘用途",
        Field::ProjectId => "项目 ID",
        Field::Account => "账号",
        Field::Body => "请求内容",
        Field::Query => "查询参数",
        Field::ExpiresAt => "过期时间",
        Field::Permanent => "永久保留",
        Field::Ids => "快照 ID 列表",
    }
}

/// One problem as a sentence in `lang`.
pub fn field_error(lang: Lang, error: &FieldError) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    let label = field_zh(error.field);
    match &error.problem {
        Problem::Required => format!("{label}不能为空。"),
        Problem::TooLong { bytes, max } => {
            format!("{label}长度为 {bytes} 字节，上限为 {max} 字节（一个汉字占 3 字节）。")
        }
        Problem::ControlCharacter => format!("{label}包含换行等控制字符。"),
        Problem::BadId => {
            format!("{label}只能包含字母、数字、“-”和“_”，最多 {MAX_ID_LEN} 个字符。")
        }
        Problem::NotANumber { value } => format!("{label}必须是整数，而不是“{value}”。"),
        Problem::OutOfRange { min, max } => format!("{label}必须在 {min} 到 {max} 之间。"),
        Problem::UnknownStatus { value } => format!("“{value}”不是有效的快照状态。"),
        Problem::UnknownValue { value } => format!("{label}的取值“{value}”无效。"),
        Problem::EmptyKey => format!("{label}的键不能为空。"),
        Problem::DuplicateKey { key } => format!("{label}的键“{key}”重复。"),
        Problem::UnknownParameter { name } => format!("不支持参数“{name}”。"),
        Problem::Repeated => format!("{label}重复出现。"),
        Problem::Unsupported => format!("该账号的云厂商不支持{label}。"),
        Problem::Malformed { detail } => format!("{label}格式错误：{detail}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_shared_wording_and_chinese_names_the_field() {
        let error = FieldError::new(
            Field::Name,
            Problem::TooLong {
                bytes: 258,
                max: 255,
            },
        );
        assert_eq!(field_error(Lang::En, &error), error.to_string());
        assert_eq!(
            field_error(Lang::Zh, &error),
            "名称长度为 258 字节，上限为 255 字节（一个汉字占 3 字节）。"
        );
        let duplicate = FieldError::new(Field::Metadata, Problem::DuplicateKey { key: "a".into() });
        assert_eq!(field_error(Lang::Zh, &duplicate), "元数据的键“a”重复。");
    }
}
