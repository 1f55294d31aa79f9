package io.leadscore.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.DataException;
import org.junit.jupiter.api.Test;

class ArtifactStoreTest {
    @Test
    void proxyPathIsTheLocationAfterTheScheme() {
        assertEquals("1/abc/artifacts/model", ArtifactStore.proxyPath("mlflow-artifacts:/1/abc/artifacts/model"));
        assertEquals("1/abc/artifacts", ArtifactStore.proxyPath("mlflow-artifacts://tracking:5000/1/abc/artifacts/"));
    }

    @Test
    void otherStoresAreAClearError() {
        DataException e = assertThrows(DataException.class, () -> ArtifactStore.proxyPath("s3://bucket/1/abc/artifacts"));
        assertTrue(e.getMessage().contains("--serve-artifacts"), e.getMessage());
    }

    @Test
    void serverErrorsKeepMlflowsCodeAndMessageOnOneLine() {
        MlflowApiException e = MlflowApiException.of("MLflow tracking server http://h (--mlflow-uri)", 404,
                "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Model Version (name=a, version=9)\\nnot found\"}");
        assertEquals("MLflow tracking server http://h (--mlflow-uri): Model Version (name=a, version=9) not found (RESOURCE_DOES_NOT_EXIST)",
                e.getMessage());
        assertTrue(e.isNotFound());
        assertEquals("MLflow tracking server http://h (--mlflow-uri): the server answered HTTP 502",
                MlflowApiException.of("MLflow tracking server http://h (--mlflow-uri)", 502, "<html>bad gateway</html>").getMessage());
    }
}
