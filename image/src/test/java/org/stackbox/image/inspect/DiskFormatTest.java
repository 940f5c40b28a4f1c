package org.stackbox.image.inspect;

import org.stackbox.image.spi.DiskFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stackbox.common.ServiceException;
import org.stackbox.common.ServiceError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskFormatTest {
    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
            "AMI, ami", "ARI, ari", "AKI, aki", "VHD, vhd", "VHDX, vhdx", "VMDK, vmdk", "RAW, raw", "QCOW2, qcow2",
            "VDI, vdi", "ISO, iso", "PLOOP, ploop"})
    void convertsToAndFromTheWire(DiskFormat format, String wireName) {
        assertThat(format.wireName()).isEqualTo(wireName);
        assertThat(DiskFormat.fromWireName(wireName)).isEqualTo(format);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "QCOW2", "qcow", "docker", " raw"})
    void refusesUnknownNamesAsTheCallersError(String wireName) {
        assertThatThrownBy(() -> DiskFormat.fromWireName(wireName))
                .isInstanceOfSatisfying(ServiceException.class,
                        exception -> assertThat(exception.code()).isEqualTo(ServiceError.INVALID_REQUEST))
                .hasMessageStartingWith("Invalid disk format '" + wireName + "'");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"ISO, an iso image", "AMI, an ami image", "QCOW2, a qcow2 image", "VHD, a vhd image"})
    void namesImagesWithTheRightArticle(DiskFormat format, String noun) {
        assertThat(format.imageNoun()).isEqualTo(noun);
    }
}
